"""The seed's in-process paths, as its users run them today (the baselines A and B of compare.py).

`MixupGenerator` mixes with NumPy exactly as the seed does: one Beta draw per sample, the first and
second halves of a shuffled window of 2B indices. `KerasStyleAugmenter` is what the seed's
`datagen=ImageDataGenerator(...)` plus `get_random_eraser` do per image: Keras' `random_transform`
(an affine transform through `scipy.ndimage.affine_transform`, channel by channel, then a flip)
followed by the eraser.
"""
import numpy as np
import scipy.ndimage as ndi


class MixupGenerator:
    def __init__(self, x, y, batch_size=128, alpha=0.2, shuffle=True, augment=None):
        self.x, self.y, self.batch_size, self.alpha = x, y, batch_size, alpha
        self.shuffle, self.augment = shuffle, augment

    def __call__(self):
        while True:
            order = np.random.permutation(len(self.x)) if self.shuffle else np.arange(len(self.x))
            for i in range(len(order) // (2 * self.batch_size)):
                ids = order[i * 2 * self.batch_size:(i + 1) * 2 * self.batch_size]
                yield self._mix(ids[:self.batch_size], ids[self.batch_size:])

    def _mix(self, first, second):
        lam = np.random.beta(self.alpha, self.alpha, self.batch_size)
        x_lam = lam.reshape(-1, 1, 1, 1)
        x = self.x[first] * x_lam + self.x[second] * (1 - x_lam)
        if self.augment is not None:
            for b in range(self.batch_size):
                x[b] = self.augment(x[b])
        y_lam = lam.reshape(-1, 1)
        y = self.y[first] * y_lam + self.y[second] * (1 - y_lam)
        return x, y


class KerasStyleAugmenter:
    """width/height shift as fractions, horizontal flip, fill 'nearest', then Random Erasing."""

    def __init__(self, width_shift_range=0.1, height_shift_range=0.1, horizontal_flip=True, eraser_p=0.5):
        self.width_shift_range, self.height_shift_range = width_shift_range, height_shift_range
        self.horizontal_flip, self.eraser_p = horizontal_flip, eraser_p

    def __call__(self, image):
        h, w, _ = image.shape
        tx = np.random.uniform(-self.height_shift_range, self.height_shift_range) * h
        ty = np.random.uniform(-self.width_shift_range, self.width_shift_range) * w
        if tx or ty:
            matrix = np.array([[1, 0, tx], [0, 1, ty], [0, 0, 1]])
            channels = [ndi.affine_transform(image[:, :, c], matrix[:2, :2], matrix[:2, 2], order=1, mode="nearest")
                        for c in range(image.shape[2])]
            image = np.stack(channels, axis=2)
        if self.horizontal_flip and np.random.random() < 0.5:
            image = image[:, ::-1, :]
        return self._erase(image)

    def _erase(self, image, s_l=0.02, s_h=0.4, r_1=0.3, r_2=1 / 0.3, v_l=0, v_h=255):
        h, w, c = image.shape
        if np.random.rand() > self.eraser_p:
            return image
        while True:
            s = np.random.uniform(s_l, s_h) * h * w
            r = np.random.uniform(r_1, r_2)
            ew, eh = int(np.sqrt(s / r)), int(np.sqrt(s * r))
            left, top = np.random.randint(0, w), np.random.randint(0, h)
            if left + ew <= w and top + eh <= h:
                break
        image = np.array(image)
        image[top:top + eh, left:left + ew, :] = np.random.uniform(v_l, v_h)
        return image
