#!/usr/bin/env python3
"""Profiles of the shapes that make the loader, the compiler and the tools
work hardest, for bench/worst/run.sh.

    gen.py SHAPE OUT.json

Shapes (each up to the 4 MiB profile limit unless said otherwise):
  dupnames  one rule naming "read" 100,000 times (1.1 MB)
  rules     as many one-name rules as fit, cycling through real syscall
            names with alternating actions
  conds     rules on the same few syscalls, each with conditions (6 per
            rule, on all six arguments), alternating actions
  longname  one rule with one 1 MB syscall name, beside a normal rule
  unknown   one rule naming as many distinct made-up syscalls as fit
            (each one lint looks for a suggestion for)
  wide      600 rules each naming every x86_64 syscall, with includes
  mixed     all of the above in one 4 MiB profile
"""
import json
import sys

LIMIT = 4 << 20
NAMES = ("read write open close stat fstat lstat poll lseek mmap mprotect munmap brk ioctl pread64 pwrite64 "
         "readv writev access pipe select sched_yield mremap msync mincore madvise shmget shmat shmctl dup dup2 "
         "pause nanosleep getitimer alarm setitimer getpid sendfile socket connect accept sendto recvfrom "
         "sendmsg recvmsg shutdown bind listen getsockname getpeername socketpair setsockopt getsockopt clone "
         "fork vfork execve exit wait4 kill uname semget semop semctl shmdt msgget msgsnd msgrcv msgctl fcntl "
         "flock fsync fdatasync truncate ftruncate getdents getcwd chdir fchdir rename mkdir rmdir creat link "
         "unlink symlink readlink chmod fchmod chown fchown lchown umask gettimeofday getrlimit getrusage").split()
ACTIONS = ("SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO", "SCMP_ACT_LOG")


def dupnames(budget):
    n = min(100000, (budget - 200) // 8)
    return [{"names": ["read"] * n, "action": "SCMP_ACT_ALLOW"}]


def rules(budget):
    out, size, i = [], 0, 0
    while True:
        r = {"names": [NAMES[i % len(NAMES)]], "action": ACTIONS[i % 2]}
        size += len(json.dumps(r)) + 2
        if size > budget or len(out) >= 60000:
            return out
        out.append(r)
        i += 1


def conds(budget):
    out, size, i = [], 0, 0
    while True:
        args = [{"index": k, "value": (i * 7 + k) % 1000, "op": "SCMP_CMP_EQ"} for k in range(6)]
        r = {"names": [NAMES[i % 4]], "action": ACTIONS[i % 2], "args": args}
        size += len(json.dumps(r)) + 2
        if size > budget or len(out) >= 60000:
            return out
        out.append(r)
        i += 1


def longname(budget):
    return [{"names": ["x" * min(1 << 20, budget - 200)], "action": "SCMP_ACT_ALLOW"},
            {"names": ["read"], "action": "SCMP_ACT_ALLOW"}]


def unknown(budget):
    n = (budget - 200) // 24
    return [{"names": ["nosuchcall_%09d" % i for i in range(n)], "action": "SCMP_ACT_ALLOW"}]


def wide(budget):
    names = sorted(set(NAMES)) * 4
    out, size, i = [], 0, 0
    while True:
        r = {"names": names, "action": ACTIONS[i % 2], "includes": {"caps": ["CAP_SYS_ADMIN"] * 20}}
        size += len(json.dumps(r)) + 2
        if size > budget:
            return out
        out.append(r)
        i += 1


def profile(syscalls):
    return json.dumps({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": syscalls})


def main():
    shape, out = sys.argv[1], sys.argv[2]
    room = LIMIT - 1000
    if shape == "mixed":
        sc = dupnames(room // 4) + rules(room // 4) + conds(room // 4) + longname(room // 4)
    else:
        sc = {"dupnames": dupnames, "rules": rules, "conds": conds, "longname": longname, "unknown": unknown,
              "wide": wide}[shape](room)
    text = profile(sc)
    assert len(text) <= LIMIT, len(text)
    with open(out, "w") as f:
        f.write(text)


main()
