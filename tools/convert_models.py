#!/usr/bin/env python3
"""Rebuild models/*.onnx from MediaPipe's pinned wheel.

Run through tools/convert-models (it makes the throw-away venv). Steps:
  1. `pip download --no-deps mediapipe==0.10.14` (download only) and check its sha256;
  2. extract the four face .tflite files;
  3. convert each with tf2onnx (opset 13);
  4. rewrite the attention model's three MediaPipe custom ops
     (Landmarks2TransformMatrix v2, TransformTensorBilinear v2, TransformLandmarks v2)
     into standard opset-13 ops, following MediaPipe's C++ kernels
     (mediapipe/util/tflite/operations/*.cc);
  5. rewrite PRelu exactly as Relu(x) + a * Min(x, 0) (tract runs it faster);
  6. store the weights of the models MediaPipe ships as float16 (the detector and the
     attention model) as float16 again, each read through a Cast to float32: tf2onnx had
     dequantised them, doubling their bytes; the values are bit-identical;
  7. check every model against the TFLite/MediaPipe reference tensors in
     ../shared/data/reference with onnxruntime (max abs diff <= 1e-3);
  8. write models/*.onnx and models/MODELS.md (provenance, licence, sha256, I/O).

`--float16-existing` applies step 6 to the committed models/*.onnx (no TensorFlow needed),
checks that their outputs are unchanged, and rewrites MODELS.md's checksums.
"""
import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import zipfile

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

WHEEL_VERSION = "0.10.14"
WHEEL_NAME = f"mediapipe-{WHEEL_VERSION}-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"
WHEEL_SHA256 = "a807328339e7356fda0bb14df12fedbf1d33bdf81649c5f8666b0026b1cc30b4"

MODELS = {
    "face_detection_short_range": "mediapipe/modules/face_detection/face_detection_short_range.tflite",
    "face_landmark": "mediapipe/modules/face_landmark/face_landmark.tflite",
    "face_landmark_with_attention": "mediapipe/modules/face_landmark/face_landmark_with_attention.tflite",
    "iris_landmark": "mediapipe/modules/iris_landmark/iris_landmark.tflite",
}

# Which reference tensors check which model: (input file, {output name: reference stem}).
REFERENCE_CHECKS = {
    "face_detection_short_range": (
        "face_detection_input_1x128x128x3_nhwc_m1p1.f32",
        {"regressors": "face_detection_short_range.regressors.tflite",
         "classificators": "face_detection_short_range.classificators.tflite"},
    ),
    "face_landmark": (
        "face_landmark_input_1x192x192x3_nhwc_01.f32",
        {"conv2d_21": "face_landmark.conv2d_21.tflite",
         "conv2d_31": "face_landmark.conv2d_31.tflite"},
    ),
    "face_landmark_with_attention": (
        "face_landmark_input_1x192x192x3_nhwc_01.f32",
        {name: f"face_landmark_with_attention.{name}.mediapipe" for name in [
            "output_mesh_identity", "output_lips", "output_left_eye", "output_right_eye",
            "output_left_iris", "output_right_iris", "conv_faceflag"]},
    ),
    "iris_landmark": (
        "iris_landmark_input_1x64x64x3_nhwc_01.f32",
        {"output_eyes_contours_and_brows": "iris_landmark.output_eyes_contours_and_brows.tflite",
         "output_iris": "iris_landmark.output_iris.tflite"},
    ),
}


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


class GraphEditor:
    """Small helper that appends nodes and constants with unique names."""

    def __init__(self, graph, prefix):
        self.graph = graph
        self.prefix = prefix
        self.count = 0
        self.nodes = []

    def name(self, hint):
        self.count += 1
        return f"{self.prefix}/{hint}_{self.count}"

    def const(self, value, dtype=np.float32, hint="c"):
        name = self.name(hint)
        self.graph.initializer.append(numpy_helper.from_array(np.asarray(value, dtype=dtype), name))
        return name

    def op(self, op_type, inputs, hint=None, output=None, **attrs):
        out = output or self.name(hint or op_type.lower())
        self.nodes.append(helper.make_node(op_type, inputs, [out], name=self.name(op_type), **attrs))
        return out


def attr(node, name, default=None):
    for a in node.attribute:
        if a.name == name:
            return helper.get_attribute_value(a)
    return default


def landmarks_to_transform_matrix(ed, node):
    """Landmarks2TransformMatrix v2: landmarks [1,N,3] -> matrix [1,4,4].

    MediaPipe: r = target - atan2(ry - ly, rx - lx); rotate the subset by r, take its
    bounding box, rotate the box centre back; T = shift(centre) * rot(-r) *
    scale(scale * box / out) * shift(-out / 2). cos/sin come from dx/h and dy/h (no atan2).
    """
    lm = node.input[0]
    subset = list(dict.fromkeys(int(i) for i in attr(node, "subset_idxs")))
    left_idx, right_idx = attr(node, "left_rotation_idx"), attr(node, "right_rotation_idx")
    target = float(attr(node, "target_rotation_radians", 0.0))
    out_w, out_h = float(attr(node, "output_width")), float(attr(node, "output_height"))
    scale_x, scale_y = float(attr(node, "scale_x")), float(attr(node, "scale_y"))

    xy = ed.op("Slice", [lm, ed.const([0], np.int64), ed.const([2], np.int64), ed.const([2], np.int64)])
    left = ed.op("Gather", [xy, ed.const([left_idx], np.int64)], axis=1)    # [1,1,2]
    right = ed.op("Gather", [xy, ed.const([right_idx], np.int64)], axis=1)
    delta = ed.op("Sub", [right, left])
    dx = ed.op("Slice", [delta, ed.const([0], np.int64), ed.const([1], np.int64), ed.const([2], np.int64)])
    dy = ed.op("Slice", [delta, ed.const([1], np.int64), ed.const([2], np.int64), ed.const([2], np.int64)])
    h = ed.op("Sqrt", [ed.op("Add", [ed.op("Mul", [dx, dx]), ed.op("Mul", [dy, dy])])])
    cos_a, sin_a = ed.op("Div", [dx, h]), ed.op("Div", [dy, h])
    # r = target - a: cos r = cos t cos a + sin t sin a; sin r = sin t cos a - cos t sin a.
    ct, st = ed.const(np.cos(target)), ed.const(np.sin(target))
    c = ed.op("Add", [ed.op("Mul", [ct, cos_a]), ed.op("Mul", [st, sin_a])])      # [1,1,1]
    s = ed.op("Sub", [ed.op("Mul", [st, cos_a]), ed.op("Mul", [ct, sin_a])])

    pts = ed.op("Gather", [xy, ed.const(subset, np.int64)], axis=1)             # [1,K,2]
    px = ed.op("Slice", [pts, ed.const([0], np.int64), ed.const([1], np.int64), ed.const([2], np.int64)])
    py = ed.op("Slice", [pts, ed.const([1], np.int64), ed.const([2], np.int64), ed.const([2], np.int64)])
    rx = ed.op("Sub", [ed.op("Mul", [c, px]), ed.op("Mul", [s, py])])
    ry = ed.op("Add", [ed.op("Mul", [s, px]), ed.op("Mul", [c, py])])
    min_x, max_x = ed.op("ReduceMin", [rx], axes=[1], keepdims=1), ed.op("ReduceMax", [rx], axes=[1], keepdims=1)
    min_y, max_y = ed.op("ReduceMin", [ry], axes=[1], keepdims=1), ed.op("ReduceMax", [ry], axes=[1], keepdims=1)
    width, height = ed.op("Sub", [max_x, min_x]), ed.op("Sub", [max_y, min_y])
    half = ed.const(0.5)
    mx = ed.op("Mul", [ed.op("Add", [max_x, min_x]), half])
    my = ed.op("Mul", [ed.op("Add", [max_y, min_y]), half])
    # Back to the input frame with rot(-r) = [[c, s], [-s, c]].
    cx = ed.op("Add", [ed.op("Mul", [c, mx]), ed.op("Mul", [s, my])])
    cy = ed.op("Sub", [ed.op("Mul", [c, my]), ed.op("Mul", [s, mx])])
    sx = ed.op("Mul", [width, ed.const(scale_x / out_w)])
    sy = ed.op("Mul", [height, ed.const(scale_y / out_h)])
    m00 = ed.op("Mul", [c, sx])
    m01 = ed.op("Mul", [s, sy])
    m10 = ed.op("Neg", [ed.op("Mul", [s, sx])])
    m11 = ed.op("Mul", [c, sy])
    m03 = ed.op("Sub", [cx, ed.op("Add", [ed.op("Mul", [m00, ed.const(out_w / 2)]), ed.op("Mul", [m01, ed.const(out_h / 2)])])])
    m13 = ed.op("Sub", [cy, ed.op("Add", [ed.op("Mul", [m10, ed.const(out_w / 2)]), ed.op("Mul", [m11, ed.const(out_h / 2)])])])
    zero, one = ed.const(np.zeros((1, 1, 1))), ed.const(np.ones((1, 1, 1)))
    entries = [m00, m01, zero, m03, m10, m11, zero, m13, zero, zero, one, zero, zero, zero, zero, one]
    flat = ed.op("Concat", entries, axis=2)                                       # [1,1,16]
    ed.op("Reshape", [flat, ed.const([1, 4, 4], np.int64)], output=node.output[0])


def transform_tensor_bilinear(ed, node, feature_shape):
    """TransformTensorBilinear v2: sample feature map [1,H,W,C] at matrix-mapped positions.

    Align-corners correction as in MediaPipe: t += 0.5 a + 0.5 b - 0.5; a sample outside
    [0, W-1] x [0, H-1] is zero; the four corners are gathered from the flattened map,
    with one extra zero row standing for any corner outside the map.
    """
    fmap, matrix = node.input
    _, H, W, C = feature_shape
    out_w, out_h = int(attr(node, "output_width")), int(attr(node, "output_height"))
    u = np.tile(np.arange(out_w, dtype=np.float32), out_h)
    v = np.repeat(np.arange(out_h, dtype=np.float32), out_w)
    flat_m = ed.op("Reshape", [matrix, ed.const([16], np.int64)])

    def m(i):
        return ed.op("Gather", [flat_m, ed.const(i, np.int64)], axis=0)  # scalar

    a, b, tx, d, e, ty = m(0), m(1), m(3), m(4), m(5), m(7)
    half = ed.const(0.5)
    tx = ed.op("Sub", [ed.op("Add", [tx, ed.op("Mul", [ed.op("Add", [a, b]), half])]), half])
    ty = ed.op("Sub", [ed.op("Add", [ty, ed.op("Mul", [ed.op("Add", [d, e]), half])]), half])
    uc, vc = ed.const(u), ed.const(v)
    X = ed.op("Add", [ed.op("Add", [ed.op("Mul", [a, uc]), ed.op("Mul", [b, vc])]), tx])  # [P]
    Y = ed.op("Add", [ed.op("Add", [ed.op("Mul", [d, uc]), ed.op("Mul", [e, vc])]), ty])
    zero = ed.const(0.0)
    inside = ed.op("And", [
        ed.op("And", [ed.op("Not", [ed.op("Less", [X, zero])]), ed.op("Not", [ed.op("Greater", [X, ed.const(W - 1.0)])])]),
        ed.op("And", [ed.op("Not", [ed.op("Less", [Y, zero])]), ed.op("Not", [ed.op("Greater", [Y, ed.const(H - 1.0)])])]),
    ])
    x0, y0 = ed.op("Floor", [X]), ed.op("Floor", [Y])
    fx, fy = ed.op("Sub", [X, x0]), ed.op("Sub", [Y, y0])
    one = ed.const(1.0)
    x1, y1 = ed.op("Add", [x0, one]), ed.op("Add", [y0, one])
    padded = ed.op("Concat", [ed.op("Reshape", [fmap, ed.const([H * W, C], np.int64)]),
                              ed.const(np.zeros((1, C)))], axis=0)               # [H*W+1, C]

    def corner(xc, yc):
        valid = ed.op("And", [
            ed.op("And", [ed.op("Not", [ed.op("Less", [xc, zero])]), ed.op("Less", [xc, ed.const(float(W))])]),
            ed.op("And", [ed.op("Not", [ed.op("Less", [yc, zero])]), ed.op("Less", [yc, ed.const(float(H))])]),
        ])
        index = ed.op("Add", [ed.op("Mul", [yc, ed.const(float(W))]), xc])
        index = ed.op("Where", [valid, index, ed.const(float(H * W))])
        index = ed.op("Cast", [index], to=TensorProto.INT64)
        return ed.op("Gather", [padded, index], axis=0)                           # [P, C]

    q11, q21, q12, q22 = corner(x0, y0), corner(x1, y0), corner(x0, y1), corner(x1, y1)
    col = ed.const([-1, 1], np.int64)
    fx, fy = ed.op("Reshape", [fx, col]), ed.op("Reshape", [fy, col])
    gx = ed.op("Sub", [one, fx])
    upper = ed.op("Add", [ed.op("Mul", [gx, q11]), ed.op("Mul", [fx, q21])])
    lower = ed.op("Add", [ed.op("Mul", [gx, q12]), ed.op("Mul", [fx, q22])])
    value = ed.op("Add", [ed.op("Mul", [fy, lower]), ed.op("Mul", [ed.op("Sub", [one, fy]), upper])])
    mask = ed.op("Reshape", [ed.op("Cast", [inside], to=TensorProto.FLOAT), col])
    value = ed.op("Mul", [value, mask])
    ed.op("Reshape", [value, ed.const([1, out_h, out_w, C], np.int64)], output=node.output[0])


def transform_landmarks(ed, node):
    """TransformLandmarks v2 (2-D): x' = a x + b y + tx, y' = d x + e y + ty."""
    landmarks, matrix = node.input
    lin = ed.op("Slice", [matrix, ed.const([0, 0], np.int64), ed.const([2, 2], np.int64), ed.const([1, 2], np.int64)])
    shift = ed.op("Slice", [matrix, ed.const([0, 3], np.int64), ed.const([2, 4], np.int64), ed.const([1, 2], np.int64)])
    lin_t = ed.op("Transpose", [lin], perm=[0, 2, 1])                              # [1,2,2]
    shift_t = ed.op("Transpose", [shift], perm=[0, 2, 1])                          # [1,1,2]
    ed.op("Add", [ed.op("MatMul", [landmarks, lin_t]), shift_t], output=node.output[0])


def rewrite_prelu(ed, node):
    """PRelu(x, a) == Relu(x) + a * Min(x, 0), exactly."""
    x, slope = node.input
    neg = ed.op("Min", [x, ed.const(0.0)])
    ed.op("Add", [ed.op("Relu", [x]), ed.op("Mul", [slope, neg])], output=node.output[0])


def rewrite_graph(model):
    graph = model.graph
    inferred = onnx.shape_inference.infer_shapes(model)
    shapes = {v.name: [d.dim_value for d in v.type.tensor_type.shape.dim]
              for v in list(inferred.graph.value_info) + list(inferred.graph.input)}
    new_nodes = []
    for index, node in enumerate(graph.node):
        ed = GraphEditor(graph, f"{node.op_type}_{index}")
        if node.op_type == "TFL_Landmarks2TransformMatrix":
            landmarks_to_transform_matrix(ed, node)
        elif node.op_type == "TFL_TransformTensorBilinear":
            transform_tensor_bilinear(ed, node, shapes[node.input[0]])
        elif node.op_type == "TFL_TransformLandmarks":
            transform_landmarks(ed, node)
        elif node.op_type == "PRelu":
            rewrite_prelu(ed, node)
        else:
            new_nodes.append(node)
            continue
        new_nodes.extend(ed.nodes)
    del graph.node[:]
    graph.node.extend(new_nodes)
    # Topological order: the rewritten nodes were appended in place, so order is kept.
    leftovers = [n.op_type for n in graph.node if n.op_type.startswith("TFL_") or n.domain not in ("", "ai.onnx")]
    if leftovers:
        raise SystemExit(f"custom ops left after rewrite: {sorted(set(leftovers))}")
    onnx.checker.check_model(model)
    return model


# MediaPipe ships these with float16 weights (its TFLite graphs dequantise them at load);
# the iris model's weights are float32 in the source and stay so.
FLOAT16_MODELS = ("face_detection_short_range", "face_landmark_with_attention")
# Smaller constants (shapes, scalars of the rewrites) stay float32: a Cast costs more than they weigh.
FLOAT16_MIN_VALUES = 16


def store_float16(model):
    """Stores each float32 initializer that float16 holds bit for bit as float16 under
    `<name>/float16`, and a Cast node at the head of the graph gives back the float32 tensor
    `<name>` the graph reads: same values, half the bytes. Returns how many were converted."""
    graph = model.graph
    casts = []
    for init in graph.initializer:
        if init.data_type != TensorProto.FLOAT:
            continue
        x = numpy_helper.to_array(init)
        half = x.astype(np.float16)
        exact = np.array_equal(half.astype(np.float32).view(np.uint32), x.view(np.uint32))
        if x.size < FLOAT16_MIN_VALUES or not exact:
            continue
        name = init.name
        init.CopyFrom(numpy_helper.from_array(half, name + "/float16"))
        casts.append(helper.make_node("Cast", [name + "/float16"], [name], name=name + "/to_float32", to=TensorProto.FLOAT))
    nodes = casts + list(graph.node)
    del graph.node[:]
    graph.node.extend(nodes)
    onnx.checker.check_model(model)
    return len(casts)


def run_onnxruntime(path, x):
    import onnxruntime as ort
    sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    return sess.run(None, {sess.get_inputs()[0].name: x})


def float16_existing(out_dir, reference_dir):
    """Step 6 on the committed models; their outputs must not change by one bit."""
    lines = open(os.path.join(out_dir, "MODELS.md")).read().splitlines()
    for name in FLOAT16_MODELS:
        path = os.path.join(out_dir, name + ".onnx")
        model = onnx.load(path)
        if any(i.data_type == TensorProto.FLOAT16 for i in model.graph.initializer):
            print(f"{name}: already float16")
            continue
        input_file, _ = REFERENCE_CHECKS[name]
        shape = [d.dim_value for d in model.graph.input[0].type.tensor_type.shape.dim]
        x = np.fromfile(os.path.join(reference_dir, input_file), dtype="<f4").reshape(shape)
        before = run_onnxruntime(path, x)
        count = store_float16(model)
        tmp = path + ".tmp"
        onnx.save(model, tmp)
        after = run_onnxruntime(tmp, x)
        if not all(np.array_equal(a, b) for a, b in zip(before, after)):
            os.remove(tmp)
            raise SystemExit(f"{name}: float16 storage changed the outputs")
        os.replace(tmp, path)
        worst = check_against_reference(name, path, reference_dir)
        print(f"{name}: {count} initializers as float16, outputs unchanged, max abs diff vs reference {json.dumps(worst)}")
        lines = update_models_md_row(lines, name, sha256(path), os.path.getsize(path), max(worst.values()))
    with open(os.path.join(out_dir, "MODELS.md"), "w") as f:
        f.write("\n".join(lines) + "\n")


def update_models_md_row(lines, name, osha, size, diff):
    """MODELS.md with one model's onnx sha256, size and reference difference replaced."""
    out = []
    for line in lines:
        cells = line.split(" | ")
        if line.startswith(f"| {name}.onnx |"):
            cells[2], cells[3], cells[-1] = f"`{osha}`", str(size), f"{diff:.2e} |"
            line = " | ".join(cells)
        elif line.endswith(f"  {name}.onnx"):
            line = f"{osha}  {name}.onnx"
        out.append(line)
    return out


def check_against_reference(name, path, reference_dir):
    import onnxruntime as ort
    input_file, outputs = REFERENCE_CHECKS[name]
    sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    inp = sess.get_inputs()[0]
    x = np.fromfile(os.path.join(reference_dir, input_file), dtype="<f4").reshape(inp.shape)
    names = [o.name for o in sess.get_outputs()]
    results = dict(zip(names, sess.run(None, {inp.name: x})))
    worst = {}
    for out_name, stem in outputs.items():
        ref = np.fromfile(os.path.join(reference_dir, stem + ".f32"), dtype="<f4")
        got = results[out_name].ravel()
        worst[out_name] = float(np.max(np.abs(got - ref)))
    return worst


def describe_io(path):
    m = onnx.load(path)
    init = {i.name for i in m.graph.initializer}

    def dims(v):
        return "x".join(str(d.dim_value) for d in v.type.tensor_type.shape.dim)

    ins = [f"`{i.name}` {dims(i)}" for i in m.graph.input if i.name not in init]
    outs = [f"`{o.name}` {dims(o)}" for o in m.graph.output]
    return ins, outs


PREPROCESSING = {
    "face_detection_short_range": "whole frame letterboxed to 128x128 (zero pad), RGB, NHWC, x/127.5-1; 896 anchors (strides 8 and 16)",
    "face_landmark": "rotated square face crop 192x192 (side 1.5x the detection box), RGB, NHWC, x/255",
    "face_landmark_with_attention": "as face_landmark; the three MediaPipe custom ops are rewritten as standard ONNX ops",
    "iris_landmark": "64x64 crop around one eye (mesh corners 33/133 or 362/263, side x2.3), RGB, NHWC, x/255; the subject's left eye is mirrored",
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="models")
    ap.add_argument("--reference", default="../shared/data/reference")
    ap.add_argument("--work", default=None, help="scratch folder (default: a temporary one)")
    ap.add_argument("--float16-existing", action="store_true",
                    help="only store the committed float16-source models' weights as float16")
    args = ap.parse_args()
    if args.float16_existing:
        float16_existing(args.out, args.reference)
        return
    work = args.work or tempfile.mkdtemp(prefix="facegrade-models-")
    os.makedirs(args.out, exist_ok=True)

    wheel = os.path.join(work, WHEEL_NAME)
    if not os.path.exists(wheel):
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                        "--python-version", "3.11", "--platform", "manylinux2014_x86_64",
                        f"mediapipe=={WHEEL_VERSION}", "-d", work], check=True)
    if sha256(wheel) != WHEEL_SHA256:
        raise SystemExit(f"{wheel}: sha256 mismatch, refusing to convert")

    records = []
    with zipfile.ZipFile(wheel) as z:
        for name, member in MODELS.items():
            tflite = os.path.join(work, name + ".tflite")
            with open(tflite, "wb") as f:
                f.write(z.read(member))
            raw = os.path.join(work, name + ".raw.onnx")
            log = os.path.join(work, name + ".tf2onnx.log")
            with open(log, "w") as logf:
                subprocess.run([sys.executable, "-m", "tf2onnx.convert", "--tflite", tflite,
                                "--output", raw, "--opset", "13"], check=True, stdout=logf, stderr=logf)
            model = rewrite_graph(onnx.load(raw))
            if name in FLOAT16_MODELS:
                store_float16(model)
            model.producer_name = "facegrade tools/convert_models.py (tf2onnx 1.17.0 + rewrites)"
            out = os.path.join(args.out, name + ".onnx")
            onnx.save(model, out)
            worst = check_against_reference(name, out, args.reference)
            bad = {k: v for k, v in worst.items() if v > 1e-3}
            print(f"{name}: max abs diff vs reference {json.dumps(worst)}")
            if bad:
                raise SystemExit(f"{name}: outputs differ from the reference: {bad}")
            records.append((name, member, sha256(tflite), sha256(out), os.path.getsize(out), worst))

    write_models_md(args.out, records)


def write_models_md(out_dir, records):
    lines = [
        "# Face models",
        "",
        "Generated by `tools/convert-models` (do not edit by hand). MediaPipe's face models, converted to ONNX.",
        "",
        f"- Source: PyPI `mediapipe=={WHEEL_VERSION}`, wheel `{WHEEL_NAME}`, sha256 `{WHEEL_SHA256}` (downloaded, never installed).",
        "- Licence: Apache-2.0 (MediaPipe model cards; see LICENSE-MODELS.md here). Copyright Google LLC.",
        "- Converter: tf2onnx 1.17.0, opset 13, pinned environment in tools/requirements-convert.txt.",
        "- Rewrites (tools/convert_models.py): MediaPipe's custom ops Landmarks2TransformMatrix, TransformTensorBilinear",
        "  and TransformLandmarks (v2) as standard ONNX ops, per MediaPipe's C++ kernels; PRelu as Relu(x) + a*Min(x, 0).",
        "- Float16 weights: the detector and the attention model are float16 in MediaPipe's files; tf2onnx dequantises",
        "  them, and the converter stores them as float16 again, each read through a Cast to float32 (bit-identical values,",
        "  half the bytes; tract folds the Casts at load). The iris model is float32 in the source and stays so.",
        "- Each model is checked against ../shared/data/reference (TFLite or MediaPipe outputs) with onnxruntime at conversion",
        "  time, and with tract by `cargo test --test models`.",
        "- Rebuilds are not byte-identical: tf2onnx names some folded constants differently from run to run (even with",
        "  PYTHONHASHSEED fixed). Node order, operators and every weight are identical (sorted initializer hashes compared,",
        "  2026-11-29) and the outputs match the reference to the same 1e-4; only the sha256 below changes.",
        "",
        "| model | tflite sha256 | onnx sha256 | bytes | inputs | outputs | preprocessing | max abs diff vs reference |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, member, tsha, osha, size, worst in records:
        ins, outs = describe_io(os.path.join(out_dir, name + ".onnx"))
        diff = max(worst.values())
        lines.append(f"| {name}.onnx | `{tsha}` | `{osha}` | {size} | {', '.join(ins)} | {', '.join(outs)} | "
                     f"{PREPROCESSING[name]} | {diff:.2e} |")
    lines += ["", "## sha256", "", "```"]
    lines += [f"{osha}  {name}.onnx" for name, _, _, osha, _, _ in records]
    lines += ["```", ""]
    with open(os.path.join(out_dir, "MODELS.md"), "w") as f:
        f.write("\n".join(lines))


if __name__ == "__main__":
    main()
