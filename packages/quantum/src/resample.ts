/**
 * The uniform-target band-limited resampler now lives in @semiclassical/grid (next to
 * SpectralInterpolator); re-exported here so this package's API is unchanged.
 */
export { resampleArray, sameAxis, UniformResampler } from "@semiclassical/grid";
