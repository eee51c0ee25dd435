import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { suggestLanguage } from "@/lib/formats";
import { projectRoot } from "@/lib/paths";

const speech = (file: string) => readFileSync(path.join(projectRoot, "data", "speech", file), "utf8");

const samples: Record<string, string> = {
  ru: "Мы с вами подробно обсуждали, как обеспечить безопасность граждан. Сделано немало, но это только начало работы, и было бы ошибкой остановиться.",
  uk: "Ми з вами докладно обговорювали, як забезпечити безпеку громадян. Зроблено чимало, але це тільки початок роботи, і було б помилкою зупинитися.",
  be: "Мы з вамі падрабязна абмяркоўвалі, як забяспечыць бяспеку грамадзян. Зроблена нямала, але гэта толькі пачатак працы, і было б памылкай спыніцца.",
  en: "We have discussed in detail how to ensure the safety of citizens. Much has been done, but this is only the beginning of the work.",
  fr: "Nous avons discuté en détail de la manière d'assurer la sécurité des citoyens. Beaucoup a été fait, mais ce n'est que le début du travail.",
  es: "Hemos discutido en detalle cómo garantizar la seguridad de los ciudadanos. Se ha hecho mucho, pero esto es solo el comienzo del trabajo.",
  de: "Wir haben ausführlich besprochen, wie die Sicherheit der Bürger gewährleistet werden kann. Es wurde viel getan, aber das ist erst der Anfang der Arbeit.",
  it: "Abbiamo discusso in dettaglio come garantire la sicurezza dei cittadini. Molto è stato fatto, ma questo è solo l'inizio del lavoro.",
  pt: "Discutimos em detalhe como garantir a segurança dos cidadãos. Muito foi feito, mas isso é apenas o começo do trabalho e não podemos parar.",
};

describe("suggestLanguage", () => {
  it.each(Object.entries(samples))("recognises %s", (code, text) => {
    expect(suggestLanguage(text)).toBe(code);
  });

  it("recognises the speech in both its languages", () => {
    expect(suggestLanguage(speech("en.txt"))).toBe("en");
    expect(suggestLanguage(speech("ru.txt"))).toBe("ru");
  });

  it("recognises languages that have a script of their own", () => {
    expect(suggestLanguage("Καλημέρα σας, αγαπητοί συνάδελφοι, σήμερα θα συζητήσουμε την ασφάλεια.")).toBe("el");
    expect(suggestLanguage("今日はとても良い天気ですね。私たちは市民の安全について話し合いました。")).toBe("ja");
  });

  it("does not guess from too little or mixed text", () => {
    expect(suggestLanguage("Да")).toBeNull();
    expect(suggestLanguage("OK, thanks")).toBeNull();
    expect(suggestLanguage("12 345 — 67,8 %; 2021–2022")).toBeNull();
    expect(suggestLanguage("Привет мир hello world привет мир hello world привет")).toBeNull();
  });
});
