// Reads {"name": card, ...} as JSON on stdin, parses, validates and renders each card with the
// Adaptive Cards JS renderer, and prints {"name": {"problems": [...], "html": n}} as JSON.
"use strict";
const { JSDOM } = require("jsdom");

const dom = new JSDOM("<!DOCTYPE html><html><body></body></html>");
globalThis.window = dom.window;
for (const key of Object.getOwnPropertyNames(dom.window)) {
  if (!(key in globalThis) && /^(document|navigator|HTML|Node|Element|Text|DocumentFragment)/.test(key)) {
    globalThis[key] = dom.window[key];
  }
}
console.log = console.error; // the library logs; stdout carries only the result
const AC = require("adaptivecards/dist/adaptivecards.js");

function check(json) {
  const problems = [];
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  card.parse(json, context);
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    problems.push(`parse: ${e.message}`);
  }
  for (const e of card.validateProperties().validationEvents) {
    problems.push(`validate: ${e.message}`);
  }
  const element = card.render();
  return { problems, html: element ? element.outerHTML.length : 0 };
}

let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const cards = JSON.parse(input);
  const out = {};
  for (const [name, json] of Object.entries(cards)) out[name] = check(json);
  process.stdout.write(JSON.stringify(out));
});
