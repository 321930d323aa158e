/** The part of proxy-addr (Express's parser for `trust proxy`; it ships no types) used here. */
declare module 'proxy-addr' {
  /** Throws on an address, subnet or name it does not know. */
  export function compile(value: string | string[]): (address: string, hop: number) => boolean;
}
