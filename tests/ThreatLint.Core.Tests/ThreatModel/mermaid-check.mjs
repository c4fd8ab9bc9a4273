// Parses Mermaid diagrams with the real mermaid parser (run in jsdom, since mermaid expects a DOM). Used by MermaidSyntaxTests.
import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';
const dom = new JSDOM('<!DOCTYPE html><body></body>', { pretendToBeVisual: true });
globalThis.window = dom.window;
globalThis.document = dom.window.document;
for (const key of ['Element', 'HTMLElement', 'SVGElement', 'DOMParser', 'Node', 'navigator']) {
  if (!(key in globalThis)) globalThis[key] = dom.window[key];
}
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false });
let failed = 0;
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, 'utf8');
  try {
    const result = await mermaid.parse(text);
    console.log(`ok ${file} ${result.diagramType}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${file}: ${String(e.message ?? e).split('\n').slice(0, 4).join(' ')}`);
  }
}
process.exit(failed ? 1 : 0);
