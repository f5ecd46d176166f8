export interface Order {
  id: string;
  total?: number;
  currency?: string;
}
