export interface Order {
  readonly id: string;
  total: number;
}
