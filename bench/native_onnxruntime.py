#!/usr/bin/env python3
"""Native reference for the landmark model: onnxruntime's Python API (CPU, 1 thread) on
the same ONNX that tract runs in `cargo bench --bench engine -- "model alone"`.

Usage (onnxruntime and numpy from PyPI, in a virtual environment outside the build):
    python3 -m venv ~/.cache/facegrade/venv && ~/.cache/facegrade/venv/bin/pip install onnxruntime numpy
    ~/.cache/facegrade/venv/bin/python bench/native_onnxruntime.py
Prints the median and p90 in milliseconds over 200 runs after 20 warm-up runs.
"""
import pathlib
import statistics
import time

import numpy as np
import onnxruntime as ort

MODEL = pathlib.Path(__file__).resolve().parent.parent / "models" / "face_landmark_with_attention.onnx"

options = ort.SessionOptions()
options.intra_op_num_threads = 1
options.inter_op_num_threads = 1
options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
session = ort.InferenceSession(str(MODEL), options, providers=["CPUExecutionProvider"])
name = session.get_inputs()[0].name
x = np.random.default_rng(0).random((1, 192, 192, 3), dtype=np.float32)
for _ in range(20):
    session.run(None, {name: x})
times = []
for _ in range(200):
    t0 = time.perf_counter()
    session.run(None, {name: x})
    times.append((time.perf_counter() - t0) * 1000)
times.sort()
print(f"onnxruntime {ort.__version__} CPU 1 thread, face_landmark_with_attention: median {statistics.median(times):.2f} ms, p90 {times[int(0.9 * (len(times) - 1))]:.2f} ms")
