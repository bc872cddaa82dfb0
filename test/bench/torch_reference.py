#!/usr/bin/python3
"""PyTorch reference timings for the two LayerLab bench models (for comparison by hand).

Usage: /usr/bin/python3 test/bench/torch_reference.py [--model mlp|lenet|all] [--steps N] [--threads T (default: torch's)]

Same models, batch sizes and optimizer as test/bench/models.ts: SGD with momentum, softmax
cross-entropy, random inputs. Prints median ms/step per model. Not part of the product or its tests.
"""
import os
import sys

# torch.set_num_threads does not reach Debian's OpenBLAS, which otherwise uses every core: with --threads N
# OpenBLAS is pinned to N before torch loads. Without --threads both keep their defaults (what a user gets).
if '--threads' in sys.argv:
    os.environ.setdefault('OPENBLAS_NUM_THREADS', sys.argv[sys.argv.index('--threads') + 1])

import argparse
import json
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

LAST = {}


class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 1024)
        self.fc2 = nn.Linear(1024, 1024)
        self.fc3 = nn.Linear(1024, 10)

    def forward(self, x):
        x = F.dropout(F.relu(self.fc1(x)), 0.5, self.training)
        x = F.dropout(F.relu(self.fc2(x)), 0.5, self.training)
        return self.fc3(x)


class LeNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, padding=2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


def bench(name, steps, warmup):
    torch.manual_seed(0)
    if name == 'mlp':
        model, batch, x = MLP(), 100, torch.rand(100, 784)
    else:
        model, batch, x = LeNet(), 64, torch.rand(64, 1, 28, 28)
    y = torch.randint(0, 10, (batch,))
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    model.train()
    times = []
    cpu = []
    for i in range(warmup + steps):
        c0 = time.process_time()
        t0 = time.perf_counter()
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        loss.item()
        t1 = time.perf_counter()
        c1 = time.process_time()
        if i >= warmup:
            times.append((t1 - t0) * 1000)
            cpu.append((c1 - c0) * 1000)
    ms = statistics.median(times)
    global LAST
    LAST = {'model': name, 'backend': 'torch', 'threads': torch.get_num_threads(), 'msPerStep': round(ms, 3), 'minMs': round(min(times), 3),
            'cpuMsPerStep': round(statistics.median(cpu), 3)}
    print(f'torch {torch.__version__} threads={torch.get_num_threads()} model={name} '
          f'batch={batch} msPerStep={ms:.2f} (min {min(times):.2f}) cpuMsPerStep={statistics.median(cpu):.2f} '
          f'samplesPerSec={batch / ms * 1000:.0f}')


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--model', default='all', choices=['mlp', 'lenet', 'all'])
    p.add_argument('--steps', type=int, default=50)
    p.add_argument('--warmup', type=int, default=10)
    p.add_argument('--threads', type=int, default=None, help="default: torch's own (every core)")
    p.add_argument('--json', action='store_true', help='last line: JSON of the last model timed')
    a = p.parse_args()
    if a.threads is not None:
        torch.set_num_threads(a.threads)
    for name in (['mlp', 'lenet'] if a.model == 'all' else [a.model]):
        bench(name, a.steps, a.warmup)
    if a.json:
        print(json.dumps(LAST))


if __name__ == '__main__':
    main()
