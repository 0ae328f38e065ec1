import Phaser from "phaser";
import type { EmoteBroadcast } from "#schema/messages/space.ts";
import type { AvatarSnapshot } from "../net/space-connection.ts";
import { AvatarFigure } from "./avatar-figure.ts";
import { type LabelBox, stackLabels } from "./label-stack.ts";
import { emoteMotions, emoteSentence } from "./emote-words.ts";
import { BODY_BOX, pickAvatarAt } from "./avatar-pick.ts";
import { InterpolationBuffer } from "./interpolation.ts";
import { SelfPredictor } from "./self-predictor.ts";

interface Entry {
  name: string;
  /** Empty for anyone without an account page to open. */
  username: string;
  isSelf: boolean;
  figure: AvatarFigure;
  motion: InterpolationBuffer;
  predictor: SelfPredictor | null;
  emotionSeq: number;
  mood: string;
}

/** What the layer draws for one avatar right now (used by the camera and the test hook). */
export interface DrawnAvatar {
  id: string;
  name: string;
  x: number;
  y: number;
  isSelf: boolean;
  /** The mood look drawn, e.g. "moderate exuberant". */
  look: string;
  /** The chosen look drawn: shape, colour and accessory, e.g. "star violet headphones". */
  appearance: string;
  /** The mood's motion drawn now ("bounce", "slump", "tremble"…). */
  pose: string;
  /** The expression text shown over the head now (glyph and plain word), or "". */
  expression: string;
  bubble: string;
  /** The emote's action line shown over the head now ("Maple hugs Juniper"), or "". */
  action: string;
  /** The last emote motion this figure played ("hop", "hearts"…), or "". */
  motion: string;
  /** Drawn as a ghost: the connection dropped and may come back. */
  reconnecting: boolean;
  /** Drawn sitting on this seat (`<bench>:<index>`), or "" standing. */
  seat: string;
  /** The box of the labels over the head (tag, action line, bubble) as drawn, world units. */
  labels: LabelBox;
}

/**
 * Phaser also hit-tests mouse downs outside its canvas (its window listener), so a click on
 * a page control drawn over an avatar (the avatar menu's last item sits right over the
 * head) would reach the avatar beneath it. Only presses on the canvas itself count.
 */
export function onCanvas(scene: Phaser.Scene, pointer: Phaser.Input.Pointer): boolean {
  const target = (pointer.event as Event | undefined)?.target;
  return target === undefined || target === scene.game.canvas;
}

function labelBox(figure: AvatarFigure): LabelBox {
  const b = figure.labelBounds();
  const lift = figure.labelLift;
  return { x: figure.x + b.left, y: figure.y + b.top - lift, width: b.right - b.left, height: b.bottom - b.top };
}

/** Someone clicked on an avatar: who, for the menu aimed at them. */
export interface AvatarPick {
  id: string;
  username: string;
  name: string;
  x: number;
  y: number;
}

/**
 * Every avatar in the space: creates, moves, dresses and removes their figures from
 * connection snapshots. Others are drawn through snapshot interpolation (smooth between
 * patches); your own avatar is predicted toward its target and reconciled with the
 * server's positions. The server alone decides where anyone is.
 */
export class AvatarLayer {
  readonly #scene: Phaser.Scene;
  readonly #entries = new Map<string, Entry>();

  constructor(
    scene: Phaser.Scene,
    private readonly onAvatarClick: (pick: AvatarPick) => void = () => undefined,
  ) {
    this.#scene = scene;
  }

  /** Phaser hit-tests a container's point shifted by half its size, so the hit rectangle is BODY_BOX moved by that half. */
  #makePickable(figure: AvatarFigure): void {
    const width = BODY_BOX.right - BODY_BOX.left;
    const height = BODY_BOX.bottom - BODY_BOX.top;
    const hitArea = new Phaser.Geom.Rectangle(BODY_BOX.left + width / 2, BODY_BOX.top + height / 2, width, height);
    figure.setSize(width, height).setInteractive({ hitArea, hitAreaCallback: Phaser.Geom.Rectangle.Contains, useHandCursor: true });
    figure.on("pointerdown", (pointer: Phaser.Input.Pointer) => {
      if (pointer.button === 0 && onCanvas(this.#scene, pointer)) this.#pick(pointer.worldX, pointer.worldY);
    });
  }

  /** The press landed on some figure: open the menu of the person it meant (see avatar-pick.ts). */
  #pick(worldX: number, worldY: number): void {
    const candidates = [...this.#entries].map(([id, e]) => ({ id, entry: e, x: e.figure.x, y: e.figure.y, pickable: !e.isSelf && e.username !== "" }));
    const hit = pickAvatarAt(worldX, worldY, candidates);
    if (hit) this.onAvatarClick({ id: hit.id, username: hit.entry.username, name: hit.entry.name, x: hit.x, y: hit.y });
  }

  add(avatar: AvatarSnapshot, now: number): void {
    this.remove(avatar.id);
    const figure = new AvatarFigure(this.#scene, avatar.look, avatar.name, avatar.isSelf);
    figure.setPosition(avatar.x, avatar.y).setDepth(avatar.y);
    figure.setMood(avatar);
    figure.setReconnecting(avatar.reconnecting);
    figure.setSeat(avatar.seat);
    // Clicking someone opens the menu aimed at them. One's own figure takes no presses: a
    // press on it (its head covers the tile above) is a press on the floor, and walks there.
    if (!avatar.isSelf) this.#makePickable(figure);
    this.#scene.add.existing(figure);
    this.#entries.set(avatar.id, {
      name: avatar.name,
      username: avatar.username,
      isSelf: avatar.isSelf,
      figure,
      motion: new InterpolationBuffer(now, avatar.x, avatar.y),
      predictor: avatar.isSelf ? new SelfPredictor(avatar, now) : null,
      emotionSeq: avatar.emotionSeq,
      mood: avatar.mood,
    });
  }

  change(avatar: AvatarSnapshot, now: number): void {
    const entry = this.#entries.get(avatar.id);
    if (!entry) {
      this.add(avatar, now);
      return;
    }
    entry.name = avatar.name;
    entry.figure.setDisplayName(avatar.name);
    entry.motion.push(now, avatar.x, avatar.y);
    entry.predictor?.reconcile(avatar, now);
    entry.figure.setMood(avatar);
    entry.figure.setAppearance(avatar.look);
    entry.figure.setReconnecting(avatar.reconnecting);
    entry.figure.setSeat(avatar.seat);
    if (avatar.emotionSeq !== entry.emotionSeq) {
      entry.emotionSeq = avatar.emotionSeq;
      if (avatar.emotion) entry.figure.express(avatar.emotion, now);
    }
  }

  /** Our own move intent, for prediction before the server answers. */
  predictTarget(x: number, y: number, now: number): void {
    for (const e of this.#entries.values()) e.predictor?.aim(x, y, now);
  }

  /** An emote: the sender shows the action in words, and both avatars move. Returns the sentence. */
  /** `nameOf` names a target that is not drawn (out of view in a crowded space). */
  emote(message: EmoteBroadcast, now: number, nameOf: (id: string) => string | undefined = () => undefined): string | null {
    const from = this.#entries.get(message.from);
    if (!from) return null;
    const to = message.target ? this.#entries.get(message.target) : undefined;
    const sentence = emoteSentence(message.emote, from.name, to?.name ?? (message.target ? nameOf(message.target) : undefined));
    const motions = emoteMotions(message.emote);
    from.figure.showAction(sentence, now);
    from.figure.play(motions.sender, now);
    to?.figure.play(motions.target, now);
    return sentence;
  }

  say(id: string, text: string, now: number): void {
    this.#entries.get(id)?.figure.say(text, now);
  }

  remove(id: string): void {
    const entry = this.#entries.get(id);
    if (!entry) return;
    entry.figure.destroy();
    this.#entries.delete(id);
  }

  /** Places every figure for `now` (lower figures draw in front), then keeps their labels apart. */
  update(now: number): void {
    for (const entry of this.#entries.values()) {
      const { x, y } = entry.predictor ? entry.predictor.sample(now) : entry.motion.sample(now);
      entry.figure.setPosition(x, y).setDepth(y);
      entry.figure.animate(now);
    }
    const figures = [...this.#entries.values()].map((e) => e.figure);
    const lifts = stackLabels(figures.map((f) => ({ x: f.x, y: f.y, bounds: f.labelBounds() })));
    for (const [i, f] of figures.entries()) f.setLabelLift(lifts[i] ?? 0);
  }

  self(): DrawnAvatar | undefined {
    return this.drawn().find((a) => a.isSelf);
  }

  drawn(): DrawnAvatar[] {
    return [...this.#entries].map(([id, e]) => ({
      id,
      name: e.name,
      x: e.figure.x,
      y: e.figure.y,
      isSelf: e.isSelf,
      look: e.figure.shownLook,
      appearance: e.figure.shownAppearance,
      pose: e.figure.shownPose,
      expression: e.figure.shownExpression,
      bubble: e.figure.bubbleText,
      action: e.figure.shownAction,
      motion: e.figure.lastMotion,
      reconnecting: e.figure.reconnecting,
      seat: e.figure.seat,
      labels: labelBox(e.figure),
    }));
  }

  clear(): void {
    for (const id of [...this.#entries.keys()]) this.remove(id);
  }
}
