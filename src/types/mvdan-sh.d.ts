// mvdan/sh (the parser behind shfmt) compiled to JavaScript: just the parts the classifier uses.
// Nodes are Go structs seen through GopherJS: fields are capitalised, positions are methods. The
// classifier reads `Parse(…).__internal_object__` (GopherJS's own objects, see shell/syntax.ts).
declare module 'mvdan-sh' {
  export interface Pos {
    Offset(): number;
    Line(): number;
    Col(): number;
  }
  /** Any syntax node; its fields depend on `syntax.NodeType(node)`. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  export type Node = any;
  export interface Parser {
    Parse(src: string, name: string): Node;
  }
  export const syntax: {
    NewParser(...options: unknown[]): Parser;
    KeepComments(keep: boolean): unknown;
    Variant(lang: unknown): unknown;
    LangBash: unknown;
    LangPOSIX: unknown;
    Walk(node: Node, visit: (node: Node | null) => boolean): void;
    NodeType(node: Node): string;
    DebugPrint(node: Node): void;
  };
  const sh: { syntax: typeof syntax };
  export default sh;
}
