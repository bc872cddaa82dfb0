#!/usr/bin/env bash
# A real single-node Slurm cluster on this machine, for the Slurm tests and CI (run as root):
#   scripts/slurm-local.sh          install slurm-wlm + munge if missing, write slurm.conf, start munged,
#                                   slurmctld and slurmd (each only if it is not running), wait until the
#                                   node is idle
#   scripts/slurm-local.sh stop     stop the daemons this script started
# Idempotent: running it again on a running cluster only checks it. Prints the reason and exits 1 when the
# cluster cannot come up.
set -euo pipefail

CONF_DIR=/etc/slurm
STATE=/var/spool/slurmctld
SPOOL=/var/spool/slurmd
LOGS=/var/log/slurm
RUN=/run/slurm
NODE=$(hostname -s)

fail() { echo "slurm-local: $*" >&2; exit 1; }

if [ "${1:-}" = stop ]; then
  for daemon in slurmd slurmctld; do
    [ -f "$RUN/$daemon.pid" ] && kill "$(cat "$RUN/$daemon.pid")" 2>/dev/null || true
  done
  [ -f /run/munge/munged.pid ] && kill "$(cat /run/munge/munged.pid)" 2>/dev/null || true
  exit 0
fi

[ "$(id -u)" = 0 ] || fail "run me as root (I install packages and start munged, slurmctld and slurmd); on a real cluster you need none of this"

if ! command -v sbatch >/dev/null || ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  command -v apt-get >/dev/null || fail "sbatch/slurmctld/munged are missing and there is no apt-get to install slurm-wlm and munge"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq slurm-wlm munge >/dev/null || fail "apt-get install slurm-wlm munge failed"
fi

CPUS=$(nproc)
# Memory slurmd may hand out, in MiB: what the machine has, less 1 GiB for everything else.
MEM=$(( $(awk '/MemTotal/ {print int($2 / 1024)}' /proc/meminfo) - 1024 ))
[ "$MEM" -gt 512 ] || MEM=512

mkdir -p "$CONF_DIR" "$STATE" "$SPOOL" "$LOGS" "$RUN" /run/munge /var/lib/munge /var/log/munge
cat > "$CONF_DIR/slurm.conf.new" <<EOF
# Written by LayerLab's scripts/slurm-local.sh: a single-node cluster for tests.
ClusterName=layerlab-local
SlurmctldHost=$NODE
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$STATE
SlurmdSpoolDir=$SPOOL
SlurmctldPidFile=$RUN/slurmctld.pid
SlurmdPidFile=$RUN/slurmd.pid
SlurmctldLogFile=$LOGS/slurmctld.log
SlurmdLogFile=$LOGS/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SchedulerType=sched/backfill
ReturnToService=2
# Finished jobs stay known to squeue/scontrol for an hour (there is no accounting database here).
MinJobAge=3600
KillWait=5
InactiveLimit=0
Waittime=0
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
DefMemPerCPU=1024
NodeName=$NODE CPUs=$CPUS RealMemory=$MEM State=UNKNOWN
PartitionName=debug Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
EOF
if ! cmp -s "$CONF_DIR/slurm.conf.new" "$CONF_DIR/slurm.conf" 2>/dev/null; then
  mv "$CONF_DIR/slurm.conf.new" "$CONF_DIR/slurm.conf"
  CHANGED=1
else
  rm "$CONF_DIR/slurm.conf.new"
  CHANGED=0
fi
# The Debian package ships a cgroup plugin config; without cgroups here it must not be required.
[ -f "$CONF_DIR/cgroup.conf" ] || echo "CgroupPlugin=autodetect" > "$CONF_DIR/cgroup.conf"

running() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

if ! running /run/munge/munged.pid; then
  [ -s /etc/munge/munge.key ] || mungekey --create --keyfile /etc/munge/munge.key >/dev/null 2>&1 || fail "could not create /etc/munge/munge.key"
  chown -R munge:munge /etc/munge /var/lib/munge /var/log/munge /run/munge 2>/dev/null || true
  chmod 0400 /etc/munge/munge.key
  if id munge >/dev/null 2>&1; then
    su -s /bin/sh munge -c "munged --pid-file=/run/munge/munged.pid" || runuser -u munge -- munged || fail "munged would not start: see /var/log/munge/munged.log"
  else
    munged --force || fail "munged would not start: see /var/log/munge/munged.log"
  fi
fi
munge -n | unmunge >/dev/null 2>&1 || fail "munge does not work (munge -n | unmunge failed): see /var/log/munge/munged.log"

if [ "$CHANGED" = 1 ]; then
  # A changed slurm.conf: restart the daemons so they read it.
  for daemon in slurmd slurmctld; do running "$RUN/$daemon.pid" && kill "$(cat "$RUN/$daemon.pid")" && sleep 1; done
fi
running "$RUN/slurmctld.pid" || slurmctld || fail "slurmctld would not start: see $LOGS/slurmctld.log"
running "$RUN/slurmd.pid" || slurmd || fail "slurmd would not start: see $LOGS/slurmd.log"

for _ in $(seq 1 60); do
  state=$(sinfo -h -n "$NODE" -o %t 2>/dev/null | head -1 || true)
  case "$state" in
    idle|mix|alloc) echo "slurm-local: node $NODE is $state ($CPUS CPUs, $MEM MiB), partition debug"; exit 0 ;;
    drain*|down*) scontrol update nodename="$NODE" state=resume >/dev/null 2>&1 || true ;;
  esac
  sleep 1
done
fail "node $NODE did not become idle within 60 s (sinfo says \"${state:-nothing}\"); see $LOGS/slurmctld.log and $LOGS/slurmd.log"
