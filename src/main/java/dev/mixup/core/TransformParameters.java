package dev.mixup.core;

import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * One image's draw of Keras' {@code get_random_transform}. Identity values mean "off", as Keras'
 * {@code None} does: 0 for angles, shifts and the channel shift, 1 for zooms and brightness.
 *
 * @param theta                 rotation in degrees
 * @param heightShift           Keras' {@code tx}: pixels along the rows (output row r reads input row r + tx)
 * @param widthShift            Keras' {@code ty}: pixels along the columns
 * @param shear                 shear angle in degrees
 * @param zx                    zoom of the rows; {@code > 1} shows more of the image
 * @param zy                    zoom of the columns
 * @param flipHorizontal        mirror the columns
 * @param flipVertical          mirror the rows
 * @param channelShiftIntensity added to every value, then clipped to the image's range before the shift
 * @param brightness            brightness factor
 */
record TransformParameters(double theta, double heightShift, double widthShift, double shear, double zx, double zy,
                           boolean flipHorizontal, boolean flipVertical, double channelShiftIntensity, double brightness) {

    /** Whether the affine resampling pass has anything to do. */
    boolean hasAffine() {
        return theta != 0 || heightShift != 0 || widthShift != 0 || shear != 0 || zx != 1 || zy != 1;
    }

    /**
     * Keras' {@code apply_affine_transform} matrix: rotation · shift · shear · zoom about the image
     * centre, in (row, col) coordinates, used for inverse mapping (as {@code scipy.ndimage.affine_transform}
     * does): output pixel p reads the input at {@code M·p + offset}. Keras multiplies in only the
     * factors that are not the identity; multiplying by an exact identity changes no bit, so all
     * four are always composed here.
     */
    AffineMatrix affineMatrix(ImageShape shape) {
        double angle = Math.toRadians(theta);
        double shearAngle = Math.toRadians(shear);
        RealMatrix rotation = matrix(Math.cos(angle), -Math.sin(angle), 0, Math.sin(angle), Math.cos(angle), 0);
        RealMatrix shift = matrix(1, 0, heightShift, 0, 1, widthShift);
        RealMatrix shearing = matrix(1, -Math.sin(shearAngle), 0, 0, Math.cos(shearAngle), 0);
        RealMatrix zoom = matrix(zx, 0, 0, 0, zy, 0);
        RealMatrix transform = rotation.multiply(shift).multiply(shearing).multiply(zoom);

        // Rotations, shears and zooms turn about the true centre (size - 1) / 2 of scipy's pixel
        // grid, as Keras 3's transform_matrix_offset_center does; keras-preprocessing <= 1.1.2
        // used size / 2 + 0.5, one pixel past it. A pure shift does not depend on the centre, but
        // its offset is rounded through it (-c + (shift + c)): that one keeps the old centre, so
        // sessions without rotation, shear or zoom serve the bytes they always did.
        boolean turns = theta != 0 || shear != 0 || zx != 1 || zy != 1;
        double rowCentre = turns ? (shape.height() - 1) / 2.0 : shape.height() / 2.0 + 0.5;
        double colCentre = turns ? (shape.width() - 1) / 2.0 : shape.width() / 2.0 + 0.5;
        RealMatrix centred = matrix(1, 0, rowCentre, 0, 1, colCentre)
                .multiply(transform)
                .multiply(matrix(1, 0, -rowCentre, 0, 1, -colCentre));
        return new AffineMatrix(centred.getEntry(0, 0), centred.getEntry(0, 1), centred.getEntry(0, 2),
                centred.getEntry(1, 0), centred.getEntry(1, 1), centred.getEntry(1, 2));
    }

    /** A 3x3 homogeneous matrix from its first two rows. */
    private static RealMatrix matrix(double a, double b, double c, double d, double e, double f) {
        return MatrixUtils.createRealMatrix(new double[][] {{a, b, c}, {d, e, f}, {0, 0, 1}});
    }
}
