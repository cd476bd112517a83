// The browser's media APIs as LocalMedia uses them, behind one interface so
// that unit tests can fake a browser with any devices (test/client/fakes.ts).

/** The browser APIs LocalMedia uses, so tests can fake them. */
export interface MediaApi {
  getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream>;
  getDisplayMedia(constraints: DisplayMediaStreamOptions): Promise<MediaStream>;
  enumerateDevices(): Promise<MediaDeviceInfo[]>;
  /** A track that sends nothing audible or visible. */
  placeholder(kind: 'audio' | 'video'): MediaStreamTrack;
  newStream(tracks: MediaStreamTrack[]): MediaStream;
  /** Calls `listener` when devices are plugged in or out; returns how to stop. */
  onDeviceChange?(listener: () => void): () => void;
}

/** The real browser's. */
export function browserMediaApi(): MediaApi {
  let audioContext: AudioContext | undefined;
  return {
    getUserMedia: (c) => navigator.mediaDevices.getUserMedia(c),
    getDisplayMedia: (c) => navigator.mediaDevices.getDisplayMedia(c),
    enumerateDevices: () => navigator.mediaDevices.enumerateDevices(),
    newStream: (tracks) => new MediaStream(tracks),
    onDeviceChange(listener) {
      navigator.mediaDevices.addEventListener('devicechange', listener);
      return () => navigator.mediaDevices.removeEventListener('devicechange', listener);
    },
    placeholder(kind) {
      if (kind === 'audio') {
        audioContext ??= new AudioContext();
        const track = audioContext.createMediaStreamDestination().stream.getAudioTracks()[0]!;
        track.enabled = false;
        return track;
      }
      // A canvas stream at 0 fps produces no frames: nothing to encode.
      const canvas = Object.assign(document.createElement('canvas'), { width: 2, height: 2 });
      return canvas.captureStream(0).getVideoTracks()[0]!;
    },
  };
}
