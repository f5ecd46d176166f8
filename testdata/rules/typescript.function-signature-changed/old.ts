export function exportOrders(customerId: string, format?: string): Promise<string> {
  return Promise.resolve(customerId);
}
