package dev.mixup.core;

/**
 * An affine map from an output pixel (row, col) to the input point it reads (inverse mapping):
 * {@code inRow = rowFromRow·row + rowFromCol·col + rowOffset},
 * {@code inCol = colFromRow·row + colFromCol·col + colOffset}.
 */
record AffineMatrix(double rowFromRow, double rowFromCol, double rowOffset,
                    double colFromRow, double colFromCol, double colOffset) {
}
