export namespace Level {
  export const document = 'document';
  export const project = 'project';
}

export type Level = 'document' | 'project';
