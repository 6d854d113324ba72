// Request values shared by the integration tests of the API.

/** A real 1×1 white PNG (8-bit grayscale), in base64: a mask that repaints the whole image. */
export const whitePng =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4" +
  "nGP4DwABAQEAsTj2FAAAAABJRU5ErkJggg==";

/** A webhook URL on a public address, so checking it takes no DNS lookup. */
export const publicWebhookUrl = "https://93.184.215.14/hooks/reprise";
