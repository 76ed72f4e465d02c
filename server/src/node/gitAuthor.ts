/** The author for a new KPEP when the kpep.author setting is empty: git's user.name, as a handle-less name. */
import { runGit } from './git';

export async function gitUserName(directory: string): Promise<string | undefined> {
  const name = (await runGit(['config', 'user.name'], directory))?.trim();
  return name === '' ? undefined : name;
}
