// @vitest-environment happy-dom
// The video tile: avatar when the camera is off, marks, names as text, and
// its stream released while it is out of the page.
import { afterEach, describe, expect, it } from 'vitest';
import '../../../client/ui/video-tile.js';
import type { VideoTile } from '../../../client/ui/video-tile.js';

async function render(props: Partial<VideoTile>): Promise<VideoTile> {
  const el = Object.assign(document.createElement('video-tile'), props);
  document.body.append(el);
  await el.updateComplete;
  return el;
}

afterEach(() => document.body.replaceChildren());

describe('video-tile', () => {
  it('shows an avatar with initials instead of the video when the camera is off', async () => {
    const el = await render({ name: 'Ada Lovelace', peerId: 'a', isCameraOn: false, isMicOn: false });
    const root = el.shadowRoot!;
    expect(root.querySelector('video')!.hidden).toBe(true);
    expect(root.querySelector('.avatar')!.textContent).toBe('AL');
    expect(root.querySelector('.label')!.textContent).toContain('Microphone off');
    expect(el.getAttribute('peer-id')).toBe('a');
  });

  it('labels our own tile, mutes it, and shows the connection state of others', async () => {
    const self = await render({ name: 'Mia', isSelf: true });
    expect(self.shadowRoot!.querySelector('[role="group"]')!.getAttribute('aria-label')).toBe('Mia (you)');
    expect(self.shadowRoot!.querySelector('video')!.muted).toBe(true);
    const other = await render({ name: '', state: 'failed' });
    expect(other.shadowRoot!.querySelector('.label')!.textContent).toContain('Guest');
    expect(other.shadowRoot!.querySelector('[role="status"]')!.textContent).toBe('Connection lost, retrying…');
  });

  it('lets go of its stream when taken out of the page, and shows it again when put back', async () => {
    // A detached <video> holding the camera stalled the camera for everyone (video-tile.ts).
    const stream = new MediaStream();
    const el = await render({ name: 'Mia', isSelf: true, stream });
    const video = el.shadowRoot!.querySelector('video')!;
    expect(video.srcObject).toBe(stream);
    el.remove();
    expect(video.srcObject).toBeNull();
    document.body.append(el);
    expect(video.srcObject).toBe(stream);
  });

  it('shows a hostile name cleaned, in <bdi>, and labels the tile with it', async () => {
    const el = await render({ name: '\u202Eevil\n\u0007name' });
    expect(el.shadowRoot!.querySelector('.label bdi')!.textContent).toBe('evil name');
    expect(el.shadowRoot!.querySelector('.tile')!.getAttribute('aria-label')).toBe('evil name');
  });

  it('renders a name with HTML in it as text', async () => {
    const el = await render({ name: '<b>bold</b>' });
    expect(el.shadowRoot!.querySelector('.label b')).toBeNull();
    expect(el.shadowRoot!.querySelector('.label')!.textContent).toContain('<b>bold</b>');
  });
});
