export interface Page<T, C> {
  items: T[];
}
