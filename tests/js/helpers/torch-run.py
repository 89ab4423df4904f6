"""Runs files written by `gradscope export torch` under PyTorch, for tests/js/torch-export.test.mjs.

Reads a JSON list of jobs on stdin and prints one JSON list of results:
  {"module": FILE.py, "batch": {...}, "mode": "eval"|"train"}
      -> the module's check(batch, mode)
  {"module": FILE.py, "batch": {...}, "mode": ..., "step_and_save": OUT.json}
      -> one SGD step (lr 0.1, train mode) on the batch, save_network(model, OUT.json), then
         check(batch, mode, model): the gradients of the changed model.
  {"module": FILE.py, "inspect": true}
      -> the module's classes: [[activation class, its repr], ...] per hidden layer.
One process for every job: PyTorch's import is the slow part.
"""
import importlib.util
import json
import sys

import torch


def load(path, cache={}):
    if path not in cache:
        spec = importlib.util.spec_from_file_location(f"exported_{len(cache)}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        cache[path] = module
    return cache[path]


def run(job):
    m = load(job["module"])
    if job.get("inspect"):
        model = m.build_model()
        return {"activations": [[type(b.activation).__name__, repr(b.activation)] for b in model.hidden],
                "batchnorm": [repr(b.batchnorm) if b.batchnorm is not None else None for b in model.hidden],
                "residual": [b.residual for b in model.hidden],
                "loss": type(m.LOSS).__name__, "dtype": str(m.DTYPE)}
    if "step_and_save" in job:
        model = m.build_model()
        x, target = m.batch_tensors(job["batch"])
        model.train()
        optimiser = torch.optim.SGD(model.parameters(), lr=0.1)
        optimiser.zero_grad()
        m.LOSS(model(x), target).backward()
        optimiser.step()
        m.save_network(model, job["step_and_save"])
        return m.check(job["batch"], job["mode"], model)
    return m.check(job["batch"], job["mode"])


print(json.dumps([run(job) for job in json.load(sys.stdin)]))
