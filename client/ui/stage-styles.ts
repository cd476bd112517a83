// Styles of <video-grid> while one tile is large (its `staged` attribute):
// the large tile over the whole width, the others in a strip below it. The
// large tile comes first by CSS order rather than by moving it in the page,
// which would restart its video.
import { css } from 'lit';

export const stageStyles = css`
  :host([staged]) {
    --strip-height: 112px;
    align-content: stretch;
  }
  :host([staged]) video-tile.large {
    order: -2;
    width: 100%;
    height: calc(100% - var(--strip-height) - var(--gap));
  }
  /* The strip: equal small tiles, at most 200 px wide each, centred. */
  :host([staged]) video-tile.strip {
    width: min(200px, calc((100% - (var(--strip) - 1) * var(--gap)) / var(--strip)));
    height: var(--strip-height);
  }
  /* The presenter's camera first in the strip, under their screen. */
  :host([staged]) video-tile.presenter {
    order: -1;
  }
  presenting-banner {
    position: absolute;
    top: 8px;
    left: 50%;
    transform: translateX(-50%);
    z-index: 3;
  }
  @media (max-width: 720px) {
    :host([staged]) {
      --strip-height: 84px;
    }
  }
`;
