/** Pixel dimensions of an image. */
export interface Size {
  width: number;
  height: number;
}

/** Long side of one picture (a grid quarter or an upsample); small keeps tests fast. */
export const TILE_LONG_SIDE = 256;

/** Largest side a media URL may ask for, so a crafted URL cannot demand a huge render. */
export const MAX_IMAGE_SIDE = 2048;

/** Size of one picture for an aspect ratio such as 16:9. */
export function tileSizeFor(ratioWidth: number, ratioHeight: number): Size {
  const scale = TILE_LONG_SIDE / Math.max(ratioWidth, ratioHeight);
  return {
    width: Math.max(16, Math.round(ratioWidth * scale)),
    height: Math.max(16, Math.round(ratioHeight * scale)),
  };
}

/** A grid is two pictures by two. */
export function gridSizeOf(tile: Size): Size {
  return { width: tile.width * 2, height: tile.height * 2 };
}
