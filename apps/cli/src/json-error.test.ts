import { describe, expect, it } from "vitest";
import { jsonErrorOffset, lineAndColumn } from "./json-error.js";

describe("jsonErrorOffset", () => {
  it("accepts exactly what JSON.parse accepts on a sample of texts", () => {
    const texts = [
      '{"a": [1, 2.5e-3, -0, true, false, null, "x\\n\\u00e9"]}',
      "[]",
      " 3 ",
      '{"N": [8,\n 16,,]}',
      '{"a": 1,}',
      "{'a': 1}",
      '{"a": 01}',
      '{"a": 1} x',
      '"\\x"',
      "[1, 2",
      "",
    ];
    for (const text of texts) {
      let valid = true;
      try {
        JSON.parse(text);
      } catch {
        valid = false;
      }
      expect(jsonErrorOffset(text) === undefined).toBe(valid);
    }
  });

  it("points at the offending character", () => {
    const text = '{"N": [8,\n 16,,]}';
    const error = jsonErrorOffset(text);
    expect(error?.offset).toBe(text.indexOf(",,") + 1);
    expect(lineAndColumn(text, error?.offset ?? 0)).toEqual({ line: 2, column: 5 });
  });
});
