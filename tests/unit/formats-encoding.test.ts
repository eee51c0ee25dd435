import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { decodeText } from "@/lib/formats";
import { encodeSingleByte, encodeUtf16 } from "@/tests/fixtures/formats/build-files";

const russian =
  "Уважаемые коллеги! Мы с вами подробно обсуждали, как обеспечить безопасность граждан.\nСделано немало, но ещё больше предстоит сделать в этом году.";
const ukrainian = "Шановні колеги! Ми з вами докладно обговорювали, як забезпечити безпеку громадян, і їхні права є важливими.";
const utf8 = (text: string) => new TextEncoder().encode(text);

function refusal(bytes: Uint8Array): AppError {
  try {
    decodeText(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("bad_import");
    expect((error as AppError).status).toBe(422);
    return error as AppError;
  }
  throw new Error("decodeText accepted the bytes");
}

describe("decodeText", () => {
  it("reads UTF-8 with and without a byte-order mark, dropping the mark", () => {
    expect(decodeText(utf8(russian))).toEqual({ text: russian, encoding: "utf-8" });
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8("Bonjour")]))).toEqual({ text: "Bonjour", encoding: "utf-8" });
  });

  it("reads UTF-16 in both byte orders, by byte-order mark or by the NULs of ASCII characters", () => {
    for (const encoding of ["utf-16le", "utf-16be"] as const) {
      expect(decodeText(encodeUtf16(russian, encoding, true))).toEqual({ text: russian, encoding });
      expect(decodeText(encodeUtf16(russian, encoding, false))).toEqual({ text: russian, encoding });
      expect(decodeText(encodeUtf16("Plain English, no mark.", encoding, false))).toEqual({ text: "Plain English, no mark.", encoding });
    }
  });

  it("tells Windows-1251 from KOI8-R in real Russian and Ukrainian sentences", () => {
    expect(decodeText(encodeSingleByte(russian, "windows-1251"))).toEqual({ text: russian, encoding: "windows-1251" });
    expect(decodeText(encodeSingleByte(russian, "koi8-r"))).toEqual({ text: russian, encoding: "koi8-r" });
    expect(decodeText(encodeSingleByte(ukrainian, "windows-1251"))).toEqual({ text: ukrainian, encoding: "windows-1251" });
    const typography = "«Ёлки» — это № 1… Сказал он и ушёл.";
    expect(decodeText(encodeSingleByte(typography, "windows-1251")).text).toBe(typography);
  });

  it("refuses empty and blank files", () => {
    expect(refusal(new Uint8Array()).message).toBe("The file is empty");
    expect(refusal(utf8(" \n\t\r\n")).message).toBe("The file contains only whitespace");
    expect(refusal(new Uint8Array([0xef, 0xbb, 0xbf, 0x20])).message).toBe("The file contains only whitespace");
  });

  it("refuses binary files: NUL bytes that are not UTF-16, or many control characters", () => {
    expect(refusal(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48])).message).toMatch(
      /looks like a binary file/,
    );
    const controls = Uint8Array.from({ length: 400 }, (_, index) => (index % 10 === 0 ? 0x01 : 0x61));
    expect(refusal(controls).message).toMatch(/looks like a binary file/);
  });

  it("names the offset of a byte that is neither UTF-8 nor legacy Cyrillic", () => {
    const latin1 = utf8("A caf_ in Paris.");
    latin1[6] = 0xe9;
    const error = refusal(latin1);
    expect(error.message).toMatch(/byte 0xE9 at offset 6/);
    expect(error.details).toEqual({ offset: 6 });
  });

  it("names the offset of an unpaired surrogate in UTF-16", () => {
    const bytes = new Uint8Array([0xff, 0xfe, 0x41, 0x00, 0x00, 0xd8, 0x42, 0x00]);
    expect(refusal(bytes).message).toMatch(/unpaired surrogate at byte offset 4/);
  });
});
