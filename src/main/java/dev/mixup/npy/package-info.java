/**
 * Strict, streaming reading and writing of NumPy {@code .npy} arrays and {@code .npz} archives,
 * with the JDK only.
 *
 * <p>Everything read here is untrusted upload data, so the reader accepts the formats NumPy
 * writes for plain numeric arrays and nothing more, and every rejection is a
 * {@link dev.mixup.npy.NpyFormatException} whose message can be shown to the uploader:
 * <ul>
 *   <li>.npy versions 1.0, 2.0 and 3.0; headers of at most 65535 bytes (NumPy writes under 200
 *       for the arrays accepted here), parsed by a recognizer of NumPy's dict literal, never
 *       evaluated;</li>
 *   <li>the dtypes of {@link dev.mixup.npy.NpyDtype} in either byte order. Object arrays
 *       (pickles), strings, complex, datetime, void and structured dtypes are refused, and so is
 *       the native byte order {@code '='}, whose meaning would depend on the reader's CPU;</li>
 *   <li>at most 32 dimensions, with sizes checked for overflow;</li>
 *   <li>.npz archives of at most 4096 flat, unique {@code NAME.npy} members, stored or
 *       deflated, whose sizes must agree with their headers, read to exactly the declared
 *       length and checked against their CRC-32.</li>
 * </ul>
 *
 * <p>Fortran-ordered arrays are reported as such ({@link dev.mixup.npy.NpyHeader#fortranOrder()}),
 * never reordered. What is written is always version 1.0, little-endian, C-order and 64-byte
 * aligned, byte for byte as {@code np.save} and {@code np.savez} write it.
 */
package dev.mixup.npy;
