package dev.mixup.core;

import org.apache.commons.math3.distribution.BetaDistribution;

/**
 * CutMix (Yun et al. 2019, arXiv:1905.04899) as timm's {@code cutmix_bbox_and_lam} does it: a
 * box of side ratio {@code sqrt(1 - lam)} centred uniformly on the image and clipped to it
 * ({@code rand_bbox}), or with {@code cutmix_minmax} sides uniform in a range of the image size
 * and a corner that keeps it inside ({@code rand_bbox_minmax}); then, with {@code correct_lam}
 * (always with {@code cutmix_minmax}), {@code lam = 1 - box area / image area}. The second
 * image's pixels inside the box replace the first's. Immutable and thread-safe.
 */
final class CutMix {

    private final MixingSettings settings;
    private final ImageShape shape;

    /**
     * @throws IllegalArgumentException when {@code cutmix_minmax} leaves no box size for this
     *                                  image (timm's {@code randint(int(H*low), int(H*high))} would fail)
     */
    CutMix(MixingSettings settings, ImageShape shape) {
        this.settings = settings;
        this.shape = shape;
        Range minmax = settings.cutmixMinmax();
        if (minmax != null && (sideLow(shape.height()) >= sideHigh(shape.height()) || sideLow(shape.width()) >= sideHigh(shape.width()))) {
            throw new IllegalArgumentException("cutmix_minmax " + minmax + " leaves no box size on a " + shape.height() + "x"
                    + shape.width() + " image: sides are drawn from [int(size * low), int(size * high)); widen the range");
        }
    }

    /** One CutMix draw: the box and the {@code lam} that labels are mixed with. */
    record Cut(Box box, float lam) {
    }

    Cut draw(SeededRandom random) {
        if (settings.cutmixMinmax() != null) {
            Box box = minmaxBox(random);
            return new Cut(box, areaLam(box));
        }
        float lam = (float) new BetaDistribution(random, settings.cutmixAlpha(), settings.cutmixAlpha()).sample();
        Box box = lamBox(lam, random);
        return new Cut(box, settings.correctLam() ? areaLam(box) : lam);
    }

    /** timm {@code rand_bbox}: sides {@code int(size * sqrt(1 - lam))}, centre uniform, clipped to the image. */
    private Box lamBox(float lam, SeededRandom random) {
        double ratio = Math.sqrt(1 - (double) lam);
        int height = shape.height();
        int width = shape.width();
        int halfHeight = (int) (height * ratio) / 2;
        int halfWidth = (int) (width * ratio) / 2;
        int centreRow = random.nextInt(height);
        int centreCol = random.nextInt(width);
        return new Box(Math.clamp(centreRow - halfHeight, 0, height), Math.clamp(centreCol - halfWidth, 0, width),
                Math.clamp(centreRow + halfHeight, 0, height), Math.clamp(centreCol + halfWidth, 0, width));
    }

    /** timm {@code rand_bbox_minmax}: sides uniform in {@code [int(size * low), int(size * high))}, then a corner that fits. */
    private Box minmaxBox(SeededRandom random) {
        int height = shape.height();
        int width = shape.width();
        int boxHeight = randomInt(random, sideLow(height), sideHigh(height));
        int boxWidth = randomInt(random, sideLow(width), sideHigh(width));
        int top = random.nextInt(height - boxHeight);
        int left = random.nextInt(width - boxWidth);
        return new Box(top, left, top + boxHeight, left + boxWidth);
    }

    /** timm's corrected {@code lam = 1 - box area / (H * W)}: the share of the first image that is left. */
    private float areaLam(Box box) {
        return (float) (1 - (double) box.area() / shape.pixels());
    }

    /** Copies the pixels of {@code second} inside the box over {@code first}, row by row. */
    void paste(Box box, float[] second, float[] first) {
        int channels = shape.channels();
        int rowLength = shape.width() * channels;
        int length = (box.right() - box.left()) * channels;
        for (int row = box.top(); row < box.bottom(); row++) {
            int start = row * rowLength + box.left() * channels;
            System.arraycopy(second, start, first, start, length);
        }
    }

    private int sideLow(int size) {
        return (int) (size * settings.cutmixMinmax().low());
    }

    private int sideHigh(int size) {
        return (int) (size * settings.cutmixMinmax().high());
    }

    /** NumPy's {@code randint(low, high)}: uniform in {@code [low, high)}. */
    private static int randomInt(SeededRandom random, int low, int high) {
        return low + random.nextInt(high - low);
    }
}
