import type { Config } from '../../config';
import { S3DocumentStore } from './s3-store';
import { FolderDocumentStore, type DocumentStore } from './store';

/** The document store the settings name: a folder by default, a bucket with S3_BUCKET. */
export function openDocumentStore(settings: Config['documentStore']): DocumentStore {
  return settings.kind === 's3' ? new S3DocumentStore(settings) : new FolderDocumentStore(settings.dir);
}
