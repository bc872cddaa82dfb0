/**
 * Lines a trainer's native libraries print that say nothing about the run: Dawn (the WebGPU binding) warns
 * twice whenever it opens a Vulkan device, on every machine, that it lowered two limits LayerLab never uses.
 */
const NOISE = [/^Warning: maxDynamic(Uniform|Storage)BuffersPerPipelineLayout artificially reduced from \d+ to \d+ to fit dynamic offset allocation limit\.$/];

/** True for a trainer stderr line that is kept from the run's log (see NOISE). */
export function isTrainerNoise(line: string): boolean {
  return NOISE.some((pattern) => pattern.test(line.trim()));
}
