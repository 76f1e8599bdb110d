#!/usr/bin/env python3
"""Trains a small CNN on CIFAR-10 from mixup-service: the seed's README usage, ported to the client.

The seed mixed and augmented inside the training process:

    datagen = ImageDataGenerator(width_shift_range=0.1, height_shift_range=0.1, horizontal_flip=True,
                                 preprocessing_function=get_random_eraser(v_l=0, v_h=255))
    training_generator = MixupGenerator(x_train, y_train, batch_size=batch_size, alpha=0.2, datagen=datagen)()
    model.fit(training_generator, steps_per_epoch=x_train.shape[0] // batch_size, ...)

Here the same settings, as dicts, go to the service, which does that work on its own cores:

    python3 examples/keras_cifar10.py                   # CIFAR-10 through keras.datasets (downloaded once)
    python3 examples/keras_cifar10.py --synthetic --epochs 1 --steps 5    # random CIFAR-shaped data

Needs Keras 3 and a backend (KERAS_BACKEND: jax, torch or tensorflow); the service at MIXUP_URL
(default http://localhost:8080), with MIXUP_API_KEY when it has one.
"""
import argparse

import numpy as np

import mixup_client


def cifar10(synthetic, samples):
    """(x_train, y_train), (x_test, y_test): uint8 32x32x3 images and integer labels of shape (N, 1)."""
    if not synthetic:
        import keras
        return keras.datasets.cifar10.load_data()
    # Images whose colour depends on the class, so that there is something to learn.
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 10, (samples + samples // 5, 1))
    palette = rng.integers(0, 256, (10, 1, 1, 3))
    noise = rng.integers(-60, 61, (len(labels), 32, 32, 3))
    images = np.clip(palette[labels[:, 0]] + noise, 0, 255).astype(np.uint8)
    return (images[:samples], labels[:samples]), (images[samples:], labels[samples:])


def small_cnn(keras):
    layers = keras.layers
    model = keras.Sequential([
        keras.Input((32, 32, 3)),
        layers.Conv2D(16, 3, padding="same", activation="relu"), layers.MaxPooling2D(),
        layers.Conv2D(32, 3, padding="same", activation="relu"), layers.MaxPooling2D(),
        layers.Flatten(), layers.Dense(64, activation="relu"), layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return model


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", help="the service (default: MIXUP_URL or http://localhost:8080)")
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--steps", type=int, help="steps per epoch (default: a whole epoch)")
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--synthetic", action="store_true", help="random CIFAR-shaped data, no download")
    parser.add_argument("--samples", type=int, default=5000, help="training samples with --synthetic")
    args = parser.parse_args()

    import keras
    (x_train, y_train), (x_test, y_test) = cifar10(args.synthetic, args.samples)
    client = mixup_client.Client(args.url)
    dataset = client.upload(x_train, y_train, name="cifar10", num_classes=10)

    # The seed's ImageDataGenerator and get_random_eraser settings, as dicts; rescale makes [0, 1] inputs.
    datagen = dict(width_shift_range=0.1, height_shift_range=0.1, horizontal_flip=True, rescale=1 / 255)
    eraser = dict(v_l=0, v_h=255)
    with client.session(dataset, batch_size=args.batch_size, alpha=0.2, datagen=datagen, eraser=eraser) as session:
        model = small_cnn(keras)
        model.fit(session.batches(), steps_per_epoch=args.steps or session.steps_per_epoch, epochs=args.epochs,
                  validation_data=(x_test / 255, keras.utils.to_categorical(y_test, 10)), verbose=2)
        print(f"served {session.position} batches at {session.batches_per_second:.1f} batches/s (last 50)")
    _, accuracy = model.evaluate(x_test / 255, keras.utils.to_categorical(y_test, 10), verbose=0)
    print(f"test accuracy: {accuracy:.3f}")


if __name__ == "__main__":
    main()
