"""The engine: forces, air, aid, costs and spending over NumPy arrays, draw axis first."""

from guarantor.engine.compute import Outputs, compute
from guarantor.engine.evaluate import evaluate
from guarantor.engine.inputs import ModelInputs, build_inputs
from guarantor.engine.result import Result

__all__ = ["ModelInputs", "Outputs", "Result", "build_inputs", "compute", "evaluate"]
