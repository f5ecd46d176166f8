export interface Order {
  id: string;
  total: string;
}
