export enum Level {
  High,
  Low,
}
