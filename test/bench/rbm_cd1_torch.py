#!/usr/bin/python3
"""PyTorch twin of test/bench/rbm-cd1.ts: one CD-1 step of a 784-500 binary RBM on a batch of 100 with rbm.m's update
(momentum, weight decay 2e-4, positive statistics from hidden probabilities, negative from the reconstruction's
probabilities and their hidden probabilities), float32, no autograd, as a PyTorch user writes it.

Usage: /usr/bin/python3 test/bench/rbm_cd1_torch.py [--steps N] [--warmup N] [--threads T] [--json]
"""
import os
import sys

# torch.set_num_threads does not reach Debian's OpenBLAS: pin it before torch loads (as torch_reference.py).
if '--threads' in sys.argv:
    os.environ.setdefault('OPENBLAS_NUM_THREADS', sys.argv[sys.argv.index('--threads') + 1])

import argparse
import json
import statistics
import time

import torch

parser = argparse.ArgumentParser()
parser.add_argument('--steps', type=int, default=50)
parser.add_argument('--warmup', type=int, default=5)
parser.add_argument('--threads', type=int, default=None)
parser.add_argument('--json', action='store_true')
args = parser.parse_args()
if args.threads:
    torch.set_num_threads(args.threads)

torch.manual_seed(0)
n, nv, nh = 100, 784, 500
W = 0.1 * torch.randn(nv, nh)
b = torch.zeros(nv)
c = torch.zeros(nh)
dW, db, dc = torch.zeros_like(W), torch.zeros_like(b), torch.zeros_like(c)
v = (torch.rand(n, nv) < 0.13).float()
lr, momentum, decay = 0.1, 0.5, 2e-4


def step():
    global W, b, c, dW, db, dc
    with torch.no_grad():
        ph = torch.sigmoid(v @ W + c)
        h = (ph > torch.rand_like(ph)).float()
        pv = torch.sigmoid(h @ W.T + b)
        nh_ = torch.sigmoid(pv @ W + c)
        err = ((v - pv) ** 2).sum() / n
        dW = momentum * dW + lr * ((v.T @ ph - pv.T @ nh_) / n - decay * W)
        db = momentum * db + (lr / n) * (v.sum(0) - pv.sum(0))
        dc = momentum * dc + (lr / n) * (ph.sum(0) - nh_.sum(0))
        W += dW
        b += db
        c += dc
        return err.item()


times, cpu = [], []
err = float('nan')
for i in range(args.warmup + args.steps):
    c0, t0 = time.process_time(), time.perf_counter()
    err = step()
    t1, c1 = time.perf_counter(), time.process_time()
    if i >= args.warmup:
        times.append((t1 - t0) * 1000)
        cpu.append((c1 - c0) * 1000)
ms = statistics.median(times)
print(f'torch {torch.__version__} threads={torch.get_num_threads()} steps={args.steps} reconstruction={err:.2f}')
print(f'msPerStep={ms:.3f} (min {min(times):.3f}) cpuMsPerStep={statistics.median(cpu):.3f}')
if args.json:
    print(json.dumps({'threads': torch.get_num_threads(), 'msPerStep': ms, 'minMs': min(times), 'cpuMsPerStep': statistics.median(cpu)}))
