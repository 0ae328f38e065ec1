import Phaser from "phaser";
import type { AvatarLook } from "#schema/rules/avatar-look.ts";
import { emotionWord } from "#schema/rules/feelings.ts";
import { drawAvatar, type Pen } from "./avatar-art.ts";
import { type Motion, motionAt } from "./emote-words.ts";
import { EXPRESSION_GLYPHS, type Look, type LookInput, lookOf } from "./mood-look.ts";
import { motionFrame, type Pose, poseKey, poseOf } from "./mood-pose.ts";
import { AVATAR_RADIUS, TextureKey } from "./textures.ts";

const BODY_LIFT = AVATAR_RADIUS + 2;
const TAG_GAP = 6;
const EXPRESSION_MS = 3_000;
/** A sentence needs longer than a face to be read ("Maple hugs Juniper"). */
const ACTION_MS = 5_000;
const BUBBLE_MS = 6_000;
/** The art is drawn in units of about a tile's width; this draws it a little larger, so faces read at a glance. */
export const ART_SCALE = 1.25;
/** The top of the tallest drawn figure (a tall body in a hat, stretched by a mood), from the feet. */
const ART_TOP = 60;
/** Where the name tag's bottom sits (the figure's origin is the feet). */
const TAG_Y = -ART_TOP - TAG_GAP;
/** How far a sitting body sinks toward the seat (px), and how much shorter it is drawn. */
const SEATED_SINK = 6;
const SEATED_SQUASH = 0.86;
/** Space between the labels stacked over a head (tag, action line, bubble). */
const STACK_GAP = 2;

/** The labels over a head as one box, relative to the feet, before any lift. */
export interface LabelBounds {
  left: number;
  right: number;
  top: number;
  bottom: number;
}
const FONT = "system-ui, -apple-system, 'Segoe UI', sans-serif";

/** Phaser Graphics as the art's pen (avatar-art.ts draws the same figure on a 2D canvas too). */
function graphicsPen(g: Phaser.GameObjects.Graphics): Pen {
  return {
    fillPoly(points, color, alpha = 1) {
      g.fillStyle(color, alpha);
      g.fillPoints(points as unknown as Phaser.Math.Vector2[], true);
    },
    strokePoly(points, width, color, closed, alpha = 1) {
      g.lineStyle(width, color, alpha);
      g.strokePoints(points as unknown as Phaser.Math.Vector2[], closed);
    },
    fillCircle(x, y, r, color, alpha = 1) {
      g.fillStyle(color, alpha);
      g.fillCircle(x, y, r);
    },
    fillEllipse(x, y, width, height, color, alpha = 1) {
      g.fillStyle(color, alpha);
      g.fillEllipse(x, y, width, height);
    },
  };
}

/**
 * How one avatar looks: aura (mood octant and intensity), a drawn body in the person's
 * chosen shape, colour and accessory, and a posture, motion and face per mood and
 * intensity (mood-pose.ts), a name tag, short expressions and chat bubbles. Its position
 * is the avatar's feet.
 */
export class AvatarFigure extends Phaser.GameObjects.Container {
  readonly #tag: Phaser.GameObjects.Text;
  readonly #aura: Phaser.GameObjects.Ellipse;
  readonly #body: Phaser.GameObjects.Container;
  readonly #art: Phaser.GameObjects.Graphics;
  readonly #expression: Phaser.GameObjects.Text;
  readonly #bubble: Phaser.GameObjects.Text;
  readonly #action: Phaser.GameObjects.Text;
  readonly #hearts: Phaser.GameObjects.Text[] = [];
  #motion: Motion | null = null;
  #motionStart = 0;
  #actionUntil = 0;
  /** The action line shown now ("Maple hugs Juniper"), or "". */
  shownAction = "";
  /** The motion playing now ("hop", "hearts"…), or "". */
  shownMotion = "";
  /** The last motion played, kept after it ends (tests read it: background pages get no frames). */
  lastMotion = "";
  #look: Look = lookOf({ p: 0, a: 0, d: 0, mood: "neutral", moodIntensity: "slight" });
  #pose: Pose = poseOf("neutral", "slight");
  #appearance: AvatarLook;
  #lookKey = "";
  /** The chosen look as drawn, e.g. "star violet headphones" (the test hook reads it). */
  shownAppearance = "";
  /** The mood's motion as drawn ("bounce", "tremble"…). */
  shownPose = "";
  #expressionUntil = 0;
  #bubbleUntil = 0;
  shownExpression = "";
  shownLook = "";

  constructor(scene: Phaser.Scene, appearance: AvatarLook, name: string, isSelf: boolean) {
    super(scene, 0, 0);
    this.#appearance = appearance;
    const image = (y: number, key: string) => new Phaser.GameObjects.Image(scene, 0, y, key);
    this.#aura = new Phaser.GameObjects.Ellipse(scene, 0, 0, 46, 18, 0xffffff, 0.3);
    const parts: Phaser.GameObjects.GameObject[] = [this.#aura, image(0, TextureKey.AVATAR_SHADOW)];
    if (isSelf) parts.push(image(0, TextureKey.SELF_RING));
    this.#art = new Phaser.GameObjects.Graphics(scene);
    this.#body = new Phaser.GameObjects.Container(scene, 0, 0, [this.#art]);
    parts.push(this.#body);
    this.#tag = this.#text(scene, TAG_Y, name, {
      fontStyle: isSelf ? "bold" : "normal",
      color: isSelf ? "#1d2330" : "#ffffff",
      backgroundColor: isSelf ? "#ffffff" : "rgba(15, 18, 26, 0.72)",
    });
    // The feeling sits beside the head; the action line above it, so both can show at once.
    this.#expression = this.#text(scene, -BODY_LIFT + 6, "", {
      color: "#1d2330",
      backgroundColor: "#ffffff",
      fontSize: "12px",
    })
      .setOrigin(0, 1)
      .setX(AVATAR_RADIUS + 2)
      .setVisible(false);
    this.#action = this.#text(scene, -BODY_LIFT - AVATAR_RADIUS - 30, "", {
      color: "#ffffff",
      backgroundColor: "rgba(62, 38, 110, 0.92)",
      fontStyle: "bold",
    }).setVisible(false);
    this.#bubble = this.#text(scene, -BODY_LIFT - AVATAR_RADIUS - 52, "", {
      color: "#1d2330",
      backgroundColor: "#f4f7fb",
      wordWrap: { width: 200 },
    }).setVisible(false);
    parts.push(this.#tag, this.#expression, this.#action, this.#bubble);
    this.#name = name;
    this.add(parts);
    this.#redraw();
  }

  #name = "";
  /** How far the labels are raised so they clear a neighbour's (set each frame by the layer). */
  #lift = 0;
  /** True while the person's connection is down: the figure is faded and says so. */
  reconnecting = false;
  /** The seat the avatar sits on ("" standing): drawn lower and squatter, legs forward, no bob. */
  seat = "";
  #legs: Phaser.GameObjects.Graphics | null = null;

  /** Sitting: the body sinks onto the seat and two legs hang over its front edge. */
  setSeat(seat: string): void {
    if (this.seat === seat) return;
    this.seat = seat;
    if (!this.#legs) {
      // In front of the body, hanging over the seat's front edge.
      this.#legs = new Phaser.GameObjects.Graphics(this.scene);
      this.#legs.fillStyle(0x1d2330, 0.35);
      this.#legs.fillEllipse(0, 11, 24, 5);
      this.#legs.fillStyle(0x2b3140, 1);
      this.#legs.fillRoundedRect(-9, 0, 7, 11, 3);
      this.#legs.fillRoundedRect(2, 0, 7, 11, 3);
      this.#legs.fillStyle(0x141821, 1);
      this.#legs.fillRoundedRect(-10, 8, 9, 4, 2);
      this.#legs.fillRoundedRect(1, 8, 9, 4, 2);
      this.addAt(this.#legs, this.getIndex(this.#body) + 1);
    }
    this.#legs.setVisible(seat !== "");
  }

  setDisplayName(name: string): void {
    this.#name = name;
    const icon = this.#look.icon ? `${this.#look.icon} ` : "";
    const text = this.reconnecting ? `${name} · reconnecting…` : `${icon}${name}`;
    if (this.#tag.text !== text) this.#tag.setText(text);
  }

  /** A ghost is drawn faded with a label, so a closed tab never looks like someone present. */
  setReconnecting(on: boolean): void {
    if (this.reconnecting === on) return;
    this.reconnecting = on;
    this.#body.setAlpha(on ? 0.35 : 1);
    this.#aura.setVisible(!on);
    this.#tag.setAlpha(on ? 0.8 : 1);
    this.setDisplayName(this.#name);
  }

  /** The mood look (aura, icon, pose): redrawn only when what it shows changes. */
  setMood(m: LookInput): void {
    this.#look = lookOf(m);
    this.#pose = poseOf(m.mood, m.moodIntensity);
    this.shownLook = `${m.moodIntensity} ${m.mood}`;
    this.shownPose = this.#pose.motion;
    this.#aura.setFillStyle(this.#look.aura, this.#look.auraAlpha);
    this.setDisplayName(this.#name);
    this.#redraw();
  }

  /** The person's chosen look (shape, colour, accessory), e.g. after they saved a new one. */
  setAppearance(look: AvatarLook): void {
    this.#appearance = look;
    this.#redraw();
  }

  /** A short expression (seconds): the emotion's glyph and plain word (never the OCC name) over the head. */
  express(emotion: string, now: number): void {
    this.shownExpression = `${EXPRESSION_GLYPHS[emotion] ?? "•"} ${emotionWord(emotion)}`;
    this.#expression.setText(this.shownExpression).setVisible(true);
    this.#expressionUntil = now + EXPRESSION_MS;
  }

  /** An emote as it reads ("Maple hugs Juniper"), over the head for a few seconds. */
  showAction(sentence: string, now: number): void {
    this.shownAction = sentence;
    this.#action.setText(sentence).setVisible(true);
    this.#actionUntil = now + ACTION_MS;
  }

  /** A short move (hop, wiggle, sway, hearts, droop); a new one replaces the one playing. */
  play(motion: Motion, now: number): void {
    this.#motion = motion;
    this.#motionStart = now;
    this.shownMotion = motion;
    this.lastMotion = motion;
    for (const heart of this.#hearts.splice(0)) heart.destroy();
    if (motion !== "hearts") return;
    for (const dx of [-12, 0, 12]) {
      const heart = this.#text(this.scene, -BODY_LIFT - AVATAR_RADIUS, "♥", {
        color: "#ff5c9a",
        fontSize: "16px",
        padding: { x: 0, y: 0 },
      }).setX(dx);
      this.#hearts.push(heart);
      this.add(heart);
    }
  }

  /** A chat bubble; the text is drawn as text, so markup stays inert. */
  say(text: string, now: number): void {
    this.#bubble.setText(text).setVisible(true);
    this.#bubbleUntil = now + BUBBLE_MS;
  }

  /** The mood's motion, an emote's move and the timeouts, once per frame. */
  animate(now: number): void {
    const seated = this.seat !== "";
    // Seated, the mood still sways or trembles the body, but it no longer bounces or stomps off the seat.
    const moving = motionFrame(this.#pose, now / 1000);
    const frame = seated ? { ...moving, dy: 0 } : moving;
    const move = this.#motion ? motionAt(this.#motion, now - this.#motionStart) : { dy: 0, rotation: 0, done: false };
    const size = this.#look.scale * ART_SCALE;
    const tall = (this.#pose.squash + frame.stretch) * (seated ? SEATED_SQUASH : 1);
    // Squashing keeps the volume: shorter means wider. The container's origin is the feet, so it sinks, never floats.
    this.#body
      .setPosition(frame.dx, frame.dy + move.dy + (seated ? SEATED_SINK : 0))
      .setRotation(this.#pose.lean + frame.rotation + move.rotation)
      .setScale(size / Math.sqrt(tall), size * tall);
    this.#hearts.forEach((heart, i) => {
      const t = (now - this.#motionStart) / 900;
      heart.setY(-BODY_LIFT - AVATAR_RADIUS - t * (24 + i * 6)).setAlpha(Math.max(0, 1 - t));
    });
    if (this.#motion && move.done) {
      this.#motion = null;
      this.shownMotion = "";
      for (const heart of this.#hearts.splice(0)) heart.destroy();
    }
    if (this.#actionUntil && now > this.#actionUntil) {
      this.#actionUntil = 0;
      this.shownAction = "";
      this.#action.setVisible(false);
    }
    if (this.#expressionUntil && now > this.#expressionUntil) {
      this.#expressionUntil = 0;
      this.shownExpression = "";
      this.#expression.setVisible(false);
    }
    if (this.#bubbleUntil && now > this.#bubbleUntil) {
      this.#bubbleUntil = 0;
      this.#bubble.setVisible(false);
    }
  }

  /**
   * The name tag, action line and bubble stacked bottom-up with no gaps to overlap in
   * (each sits on the one below, so a bubble never covers its own tag), as one box.
   */
  labelBounds(): LabelBounds {
    const shown = [this.#tag, this.#action, this.#bubble].filter((t) => t.visible);
    const height = shown.reduce((sum, t) => sum + t.height, 0) + STACK_GAP * (shown.length - 1);
    const width = Math.max(...shown.map((t) => t.width));
    return { left: -width / 2, right: width / 2, top: TAG_Y - height, bottom: TAG_Y };
  }

  /** Raises the whole label stack by `px` (0: right over the head). */
  setLabelLift(px: number): void {
    this.#lift = px;
    let bottom = TAG_Y - px;
    for (const label of [this.#tag, this.#action, this.#bubble]) {
      if (!label.visible) continue;
      label.setY(bottom);
      bottom -= label.height + STACK_GAP;
    }
  }

  get labelLift(): number {
    return this.#lift;
  }

  get bubbleText(): string {
    return this.#bubble.visible ? this.#bubble.text : "";
  }

  /** Draws body, arms, face, accessory and marks again, only when the look or the pose changed. */
  #redraw(): void {
    const a = this.#appearance;
    const key = `${a.shape}|${a.color}|${a.accessory}|${poseKey(this.#pose)}`;
    if (key === this.#lookKey) return;
    this.#lookKey = key;
    this.shownAppearance = `${a.shape} ${a.color} ${a.accessory}`;
    this.#art.clear();
    drawAvatar(graphicsPen(this.#art), a, this.#pose);
  }

  #text(scene: Phaser.Scene, y: number, text: string, style: Phaser.Types.GameObjects.Text.TextStyle) {
    const t = scene.make.text(
      {
        x: 0,
        y,
        text,
        style: {
          fontFamily: FONT,
          fontSize: "13px",
          padding: { x: 5, y: 2 },
          resolution: Math.max(1, Math.ceil(window.devicePixelRatio || 1)),
          ...style,
        },
      },
      false,
    );
    return t.setOrigin(0.5, 1);
  }
}
