export type State = 'open' | 'held' | 'closed';
