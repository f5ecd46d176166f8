export function parse(s: string): Date;
