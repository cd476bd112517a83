// Join pressed while the camera is still starting (a slow device, or a
// permission prompt the user has not answered yet): the call goes ahead, and
// when the camera comes the others see it. The lobby builds the next call's
// Manager once the camera is open (parley-app.ts); a join that came first
// must keep its own.
import { describe, it } from 'vitest';
import { useCallFixture } from './call-fixture.js';
import { join, waitForRemoteVideos } from './browser.js';

/** Holds every getUserMedia call until the page calls `releaseCamera()`. */
const HOLD_CAMERA = `
  (() => {
    const native = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    let release;
    const gate = new Promise((resolve) => (release = resolve));
    window.releaseCamera = release;
    navigator.mediaDevices.getUserMedia = (constraints) => gate.then(() => native(constraints));
  })();
`;

const call = useCallFixture();

describe('joining before the camera has started', () => {
  it('joins the call, and the camera shows up for the others once it starts', async () => {
    const ada = await call.enter('early-join', 'Ada');
    await join(ada);
    const bob = await call.enter('early-join', 'Bob', [HOLD_CAMERA]);
    await join(bob);
    await waitForRemoteVideos(bob.page, 1);
    await bob.page.evaluate('window.releaseCamera()');
    // Bob's own call still shows Ada, and Ada gets Bob's camera.
    await waitForRemoteVideos(ada.page, 1);
    await waitForRemoteVideos(bob.page, 1);
  });
});
