import type { SongTask, StemsTask, Track } from "./types.js";

/** A track and the song task it belongs to. */
export interface TrackRef {
  task: SongTask;
  track: Track;
}

/** Suno state of the process: song tasks, stems tasks, and tracks by audioId. */
export class SunoStore {
  readonly songs = new Map<string, SongTask>();
  readonly stems = new Map<string, StemsTask>();
  private readonly tracks = new Map<string, TrackRef>();

  addSong(task: SongTask): void {
    this.songs.set(task.taskId, task);
    for (const track of task.tracks) this.tracks.set(track.id, { task, track });
  }

  track(audioId: string): TrackRef | undefined {
    return this.tracks.get(audioId);
  }

  clear(): void {
    this.songs.clear();
    this.stems.clear();
    this.tracks.clear();
  }
}
