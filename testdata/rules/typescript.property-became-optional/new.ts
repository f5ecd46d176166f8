export interface Order {
  id: string;
  note?: string;
}
