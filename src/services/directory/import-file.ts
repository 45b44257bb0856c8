import { readFile } from 'node:fs/promises';
import type { Profile, ProfileDirectory } from '../ports.js';
import { ProfileImportError, validateProfiles } from './profile-schema.js';

/** Reads a JSON array of profiles and validates every row; throws ProfileImportError listing the problems. */
export async function readProfilesFile(path: string): Promise<Profile[]> {
  const text = await readFile(path, 'utf8');
  let rows: unknown;
  try {
    rows = JSON.parse(text);
  } catch (error) {
    throw new ProfileImportError([
      { row: null, field: '', message: `not valid JSON: ${(error as Error).message}` },
    ]);
  }
  return validateProfiles(rows);
}

/** Replaces the directory content with the file's profiles, or writes nothing if any row is bad. */
export async function importProfilesFile(
  path: string,
  directory: ProfileDirectory,
): Promise<{ imported: number }> {
  const profiles = await readProfilesFile(path);
  return directory.importProfiles(profiles);
}
