export interface Order {
  id: string;
}

export interface Refund {
  id: string;
}
