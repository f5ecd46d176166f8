export interface Order extends Audited {
  id: string;
}
