export function parse(s: string): Date;
export function parse(n: number): Date;
