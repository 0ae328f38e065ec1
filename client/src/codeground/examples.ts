/**
 * Scripts that ship with the product: a newcomer's first things to run and fork. Each runs
 * in the sandbox (tests/e2e/sandbox.e2e.test.ts runs them all); one reacts to the viewer's mood.
 */
export interface ExampleScript {
  id: string;
  title: string;
  description: string;
  source: string;
}

export const EXAMPLE_SCRIPTS: readonly ExampleScript[] = [
  {
    id: "orbit",
    title: "Orbit",
    description: "Three moons circling a planet; click and hold to pull them closer.",
    source: `// Orbit: three moons around a planet. Hold the pointer down to pull them in.
let pull = 1;
onFrame((t, dt) => {
  clear("#0b1020");
  pull += ((pointer.down ? 0.5 : 1) - pull) * Math.min(1, dt * 4);
  fill("#f4a259");
  circle(width / 2, height / 2, 40);
  const colors = ["#8ecae6", "#ffb703", "#e76f51"];
  for (let i = 0; i < 3; i++) {
    const r = (80 + i * 45) * pull;
    const a = t * (1.2 - i * 0.3) + i * 2;
    fill(colors[i]);
    circle(width / 2 + Math.cos(a) * r, height / 2 + Math.sin(a) * r, 10 - i * 2);
  }
});
print("Orbit is running: hold the pointer down on the canvas.");
`,
  },
  {
    id: "mood-garden",
    title: "Mood garden",
    description: "Flowers that open, sway and change colour with the viewer's mood (pleasure, arousal, dominance).",
    source: `// Mood garden: the flowers follow YOUR mood (the avatar's PAD values in the world).
// pleasure -> colour, arousal -> how fast they sway, dominance -> how tall they stand.
print("Your mood right now: " + mood.octant);
onFrame((t) => {
  const hue = Math.round(200 - mood.p * 160);      // blue when low, warm when pleased
  const speed = 0.6 + (mood.a + 1) * 1.6;          // calm .. excited
  const tall = 90 + (mood.d + 1) * 60;             // small .. standing tall
  clear("hsl(" + hue + ", 35%, 12%)");
  fill("#2d6a4f");
  fillRect(0, height - 40, width, 40);
  for (let i = 0; i < 7; i++) {
    const x = 40 + i * 66;
    const sway = Math.sin(t * speed + i) * 12;
    stroke("#52b788");
    lineWidth(4);
    line(x, height - 40, x + sway, height - 40 - tall);
    fill("hsl(" + (hue + i * 12) + ", 80%, 65%)");
    circle(x + sway, height - 40 - tall, 14 + (mood.p + 1) * 6);
  }
  fill("#ffffff");
  text("feeling " + mood.octant, 12, 12, 18);
});
`,
  },
  {
    id: "paint",
    title: "Paint",
    description: "Draw with the pointer; keys 1-3 change the colour, space clears.",
    source: `// Paint: drag to draw. Keys 1, 2, 3 pick a colour; space clears.
const colors = { "1": "#ff595e", "2": "#ffca3a", "3": "#8ac926" };
let color = colors["1"];
let dots = [];
onFrame(() => {
  for (const k of Object.keys(colors)) if (keyDown(k)) color = colors[k];
  if (keyDown(" ")) dots = [];
  if (pointer.down) dots.push([pointer.x, pointer.y, color]);
  if (dots.length > 4000) dots.shift();
  clear("#101418");
  for (const [x, y, c] of dots) {
    fill(c);
    circle(x, y, 6);
  }
  fill("#cccccc");
  text("drag to paint - 1 2 3 colours - space clears", 10, 10, 14);
});
`,
  },
];
