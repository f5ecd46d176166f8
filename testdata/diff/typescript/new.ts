// Written one way, then another: only the marked changes are real.
export interface Base {
  id: string,
  createdAt: string,  // ISO 8601
}

export interface Order extends Base {
  status: "closed" | "open";
  customer: {
    name: string;
    // the buyer's address
    email: number; // changed: string before
  };
  lines: { sku: string, qty: number }[];
  note?: string;
}

export type Draft = Partial<Order>;

export class Client {
  constructor(url: string, timeout?: number); // changed: a new optional parameter
  fetch(id: string): Promise<Order>;
  private cache: Map<string, Order[]>; // private: not compared
}

export function total(order: Order): number; // changed: the overload with a currency is gone
