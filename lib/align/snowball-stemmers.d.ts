// snowball-stemmers ships JavaScript only (a UMD module); what the aligner uses of it. Imported as a
// namespace, which works whether it is loaded as CommonJS or ESM (its default export is not there in CommonJS).
declare module "snowball-stemmers" {
  export function newStemmer(algorithm: string): { stem(word: string): string };
  export function algorithms(): string[];
}
