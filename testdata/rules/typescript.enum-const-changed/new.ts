export const enum Level {
  Low,
  High,
}
