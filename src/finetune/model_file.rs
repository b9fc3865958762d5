//! The landmark model as an ONNX file whose weights can be read and overwritten in place.
//!
//! A fine-tuned model is the shipped graph with new values in a few initializers: nodes,
//! names, shapes and every other weight are untouched, so the engine loads it exactly like
//! the shipped file. Its model card travels inside the file (ONNX `metadata_props`), so an
//! exported model still says what it was trained on.

use super::card::ModelCard;
use prost::Message;
use sha2::{Digest, Sha256};
use tract_onnx::pb::{ModelProto, StringStringEntryProto, TensorProto};
use tract_onnx::prelude::{f16, Framework};

/// Metadata key holding the model card (JSON).
pub const CARD_KEY: &str = "facegrade.model_card";
/// Metadata key holding the iris model's updated lid weights (JSON of [`WeightUpdate`]):
/// the engine's second opinion on the lids must learn the same corrections, and one file
/// carries both.
pub const IRIS_UPDATE_KEY: &str = "facegrade.iris_model_update";

const FLOAT: i32 = 1; // TensorProto.DataType.FLOAT
const FLOAT16: i32 = 10; // TensorProto.DataType.FLOAT16

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ModelFileError {
    #[error("this file is not an ONNX model (it could not be read: {0})")]
    NotOnnx(String),
    #[error("this ONNX model is not a version of FaceGrade's face landmark model: {0}")]
    Foreign(String),
    #[error("the model's weight {0} is not a float tensor stored in raw form")]
    UnsupportedWeight(String),
    #[error("weight {name} holds {actual} values, {expected} expected")]
    WrongSize { name: String, expected: usize, actual: usize },
    #[error("weight {0} is shared by several layers and cannot be trained alone")]
    SharedWeight(String),
    #[error("the model card inside the file is unreadable: {0}")]
    BadCard(String),
}

/// A parsed landmark model file.
#[derive(Clone)]
pub struct ModelFile {
    proto: ModelProto,
}

impl std::fmt::Debug for ModelFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ModelFile({} layers)", self.graph().node.len())
    }
}

impl ModelFile {
    pub fn parse(bytes: &[u8]) -> Result<Self, ModelFileError> {
        let proto = tract_onnx::Onnx::default().proto_model_for_read(&mut std::io::Cursor::new(bytes)).map_err(|e| ModelFileError::NotOnnx(format!("{e}")))?;
        if proto.graph.is_none() {
            return Err(ModelFileError::NotOnnx("it has no graph".into()));
        }
        Ok(ModelFile { proto })
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        self.proto.encode_to_vec()
    }

    fn graph(&self) -> &tract_onnx::pb::GraphProto {
        self.proto.graph.as_ref().expect("checked at parse")
    }

    /// Where the weight tensor `name` is stored: the initializer of that name, or the
    /// float16 initializer a Cast to float32 reads (the detector and attention model keep
    /// MediaPipe's float16 weights, see models/MODELS.md).
    fn initializer_index(&self, name: &str) -> Result<usize, ModelFileError> {
        let graph = self.graph();
        let stored = graph.node.iter().find(|n| n.op_type == "Cast" && n.output.iter().any(|o| o == name)).and_then(|n| n.input.first()).map_or(name, |i| i.as_str());
        graph.initializer.iter().position(|t| t.name == stored).ok_or_else(|| ModelFileError::Foreign(format!("it has no weight named {name}")))
    }

    fn initializer(&self, name: &str) -> Result<&TensorProto, ModelFileError> {
        Ok(&self.graph().initializer[self.initializer_index(name)?])
    }

    /// The weights stored as float16, by the names the graph reads them by (their Cast's
    /// output).
    pub fn float16_weights(&self) -> Vec<String> {
        let graph = self.graph();
        let float16 = |name: &str| graph.initializer.iter().any(|t| t.name == name && t.data_type == FLOAT16);
        graph.node.iter().filter(|n| n.op_type == "Cast" && n.input.first().is_some_and(|i| float16(i))).flat_map(|n| n.output.first().cloned()).collect()
    }

    /// A float (or float16) weight's values, as float32.
    pub fn weights(&self, name: &str) -> Result<Vec<f32>, ModelFileError> {
        let t = self.initializer(name)?;
        let unsupported = || ModelFileError::UnsupportedWeight(name.into());
        match t.data_type {
            FLOAT if !t.float_data.is_empty() => Ok(t.float_data.clone()),
            FLOAT => f32s_from_le(&t.raw_data).ok_or_else(unsupported),
            FLOAT16 if t.raw_data.is_empty() => Ok(t.int32_data.iter().map(|&bits| f16::from_bits(bits as u16).to_f32()).collect()),
            FLOAT16 => f32s_from_f16_le(&t.raw_data).ok_or_else(unsupported),
            _ => Err(unsupported()),
        }
    }

    /// Overwrites a weight in place (same name, same shape). A float16 weight becomes
    /// float32: trained values are kept whole, and the Cast to float32 that reads it
    /// passes float32 through unchanged.
    pub fn set_weights(&mut self, name: &str, values: &[f32]) -> Result<(), ModelFileError> {
        let expected = self.weights(name)?.len();
        if values.len() != expected {
            return Err(ModelFileError::WrongSize { name: name.into(), expected, actual: values.len() });
        }
        let index = self.initializer_index(name)?;
        let t = &mut self.proto.graph.as_mut().expect("checked at parse").initializer[index];
        t.data_type = FLOAT;
        t.float_data.clear();
        t.int32_data.clear();
        t.raw_data = f32s_to_le(values);
        Ok(())
    }

    /// How many node inputs read the tensor `name` (tf2onnx shares some constants).
    pub fn uses(&self, name: &str) -> usize {
        self.graph().node.iter().flat_map(|n| n.input.iter()).filter(|i| *i == name).count()
    }

    /// The inputs of the node called `node`.
    pub fn node_inputs(&self, node: &str) -> Result<Vec<String>, ModelFileError> {
        self.graph().node.iter().find(|n| n.name == node).map(|n| n.input.clone()).ok_or_else(|| ModelFileError::Foreign(format!("it has no layer named {node}")))
    }

    /// The first node of type `op_type` that reads `tensor`: its inputs and outputs.
    pub fn consumer(&self, tensor: &str, op_type: &str) -> Option<(Vec<String>, Vec<String>)> {
        self.graph().node.iter().find(|n| n.op_type == op_type && n.input.iter().any(|i| i == tensor)).map(|n| (n.input.clone(), n.output.clone()))
    }

    /// The outputs of the node called `node`.
    pub fn node_outputs(&self, node: &str) -> Result<Vec<String>, ModelFileError> {
        self.graph().node.iter().find(|n| n.name == node).map(|n| n.output.clone()).ok_or_else(|| ModelFileError::Foreign(format!("it has no layer named {node}")))
    }

    /// The graph's output tensor names, in order.
    pub fn output_names(&self) -> Vec<String> {
        self.graph().output.iter().map(|o| o.name.clone()).collect()
    }

    /// The parsed protobuf, for tract.
    pub fn proto(&self) -> &ModelProto {
        &self.proto
    }

    /// The same graph as `reference`: same nodes in the same order, same weight names,
    /// types and shapes. Only weight values (and metadata) may differ.
    pub fn check_same_graph(&self, reference: &ModelFile) -> Result<(), ModelFileError> {
        let (a, b) = (self.graph(), reference.graph());
        if a.node.len() != b.node.len() {
            return Err(ModelFileError::Foreign(format!("it has {} layers, the face landmark model {}", a.node.len(), b.node.len())));
        }
        for (x, y) in a.node.iter().zip(&b.node) {
            if x.op_type != y.op_type || x.input != y.input || x.output != y.output {
                return Err(ModelFileError::Foreign(format!("layer {} differs", y.name)));
            }
        }
        if a.initializer.len() != b.initializer.len() {
            return Err(ModelFileError::Foreign("its weights differ in number".into()));
        }
        // A trained float16 weight is stored as float32 (see `set_weights`).
        let same_type = |x: i32, y: i32| x == y || (x, y) == (FLOAT, FLOAT16);
        for (x, y) in a.initializer.iter().zip(&b.initializer) {
            if x.name != y.name || x.dims != y.dims || !same_type(x.data_type, y.data_type) {
                return Err(ModelFileError::Foreign(format!("weight {} differs in name, type or shape", y.name)));
            }
        }
        let names = |g: &tract_onnx::pb::GraphProto| (g.input.iter().map(|i| i.name.clone()).collect::<Vec<_>>(), g.output.iter().map(|i| i.name.clone()).collect::<Vec<_>>());
        if names(a) != names(b) {
            return Err(ModelFileError::Foreign("its inputs or outputs differ".into()));
        }
        Ok(())
    }

    /// The model card stored in the file, if any.
    pub fn card(&self) -> Result<Option<ModelCard>, ModelFileError> {
        self.metadata(CARD_KEY)
    }

    pub fn set_card(&mut self, card: &ModelCard) {
        self.set_metadata(CARD_KEY, card);
    }

    /// The iris model update stored in this (landmark model) file, if any.
    pub fn iris_update(&self) -> Result<Option<WeightUpdate>, ModelFileError> {
        self.metadata(IRIS_UPDATE_KEY)
    }

    pub fn set_iris_update(&mut self, update: &WeightUpdate) {
        self.set_metadata(IRIS_UPDATE_KEY, update);
    }

    /// A JSON value kept under `key` in the file's metadata.
    fn metadata<T: serde::de::DeserializeOwned>(&self, key: &str) -> Result<Option<T>, ModelFileError> {
        match self.proto.metadata_props.iter().find(|p| p.key == key) {
            None => Ok(None),
            Some(p) => serde_json::from_str(&p.value).map(Some).map_err(|e| ModelFileError::BadCard(format!("{key}: {e}"))),
        }
    }

    fn set_metadata<T: serde::Serialize>(&mut self, key: &str, value: &T) {
        self.proto.metadata_props.retain(|p| p.key != key);
        self.proto.metadata_props.push(StringStringEntryProto { key: key.into(), value: serde_json::to_string(value).expect("metadata serialises") });
    }
}

/// Little-endian f32 values (ONNX raw tensor data); None if not a whole number of them.
fn f32s_from_le(bytes: &[u8]) -> Option<Vec<f32>> {
    bytes.len().is_multiple_of(4).then(|| bytes.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect())
}

/// Little-endian float16 values as float32 (exact); None if not a whole number of them.
fn f32s_from_f16_le(bytes: &[u8]) -> Option<Vec<f32>> {
    bytes.len().is_multiple_of(2).then(|| bytes.chunks_exact(2).map(|b| f16::from_le_bytes([b[0], b[1]]).to_f32()).collect())
}

fn f32s_to_le(values: &[f32]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

/// New values for some initializers of another model file (the shipped iris model).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct WeightUpdate {
    /// sha256 of the file the update applies to.
    pub base_sha256: String,
    /// Initializer name -> little-endian f32 values, base64.
    pub weights: std::collections::BTreeMap<String, String>,
}

impl WeightUpdate {
    /// The updated file: `base` (which must be the file the update was made for) with the
    /// new values written in place.
    pub fn apply(&self, base: &[u8]) -> Result<Vec<u8>, ModelFileError> {
        use base64::Engine as _;
        if sha256_hex(base) != self.base_sha256 {
            return Err(ModelFileError::Foreign("its iris model update was made for another iris model".into()));
        }
        let mut file = ModelFile::parse(base)?;
        for (name, encoded) in &self.weights {
            let bytes = base64::engine::general_purpose::STANDARD.decode(encoded).map_err(|_| ModelFileError::BadCard(format!("weight {name} is not base64")))?;
            let values = f32s_from_le(&bytes).ok_or_else(|| ModelFileError::UnsupportedWeight(name.clone()))?;
            file.set_weights(name, &values)?;
        }
        Ok(file.to_bytes())
    }

    /// The initializers in which `tuned` differs from `base`.
    pub fn between(base: &ModelFile, base_sha256: String, tuned: &ModelFile, names: &[&str]) -> Result<Self, ModelFileError> {
        use base64::Engine as _;
        let mut weights = std::collections::BTreeMap::new();
        for &name in names {
            let new = tuned.weights(name)?;
            if new != base.weights(name)? {
                weights.insert(name.to_string(), base64::engine::general_purpose::STANDARD.encode(f32s_to_le(&new)));
            }
        }
        Ok(WeightUpdate { base_sha256, weights })
    }
}

/// The models a chosen landmark model file stands for: the landmark model itself and the
/// iris model (the shipped one, or with the file's update applied).
pub struct TunedModels {
    pub face_landmarks: Vec<u8>,
    pub iris_landmarks: Vec<u8>,
    pub card: Option<ModelCard>,
}

/// Checks `candidate` (see [`check_candidate`]) and builds the pair of models it stands for.
pub fn tuned_models(candidate: &[u8], shipped_landmarks: &[u8], shipped_iris: &[u8]) -> Result<TunedModels, ModelFileError> {
    let (file, card) = check_candidate(candidate, shipped_landmarks)?;
    let iris_landmarks = match file.iris_update()? {
        Some(update) => update.apply(shipped_iris)?,
        None => shipped_iris.to_vec(),
    };
    Ok(TunedModels { face_landmarks: candidate.to_vec(), iris_landmarks, card })
}

/// Checks a model file offered as the face landmark model (an import, or the stored
/// active model at start-up): an ONNX file with the shipped model's graph, and a readable
/// card if it has one.
pub fn check_candidate(candidate: &[u8], shipped: &[u8]) -> Result<(ModelFile, Option<ModelCard>), ModelFileError> {
    let file = ModelFile::parse(candidate)?;
    let reference = ModelFile::parse(shipped)?;
    file.check_same_graph(&reference)?;
    let card = file.card()?;
    Ok((file, card))
}

/// Lower-case hex sha256 of a file's bytes (models are named by it).
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}
