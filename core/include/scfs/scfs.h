/* libscfs: everything the scfs CLI, the FUSE view and sctui share. */
#pragma once

#include "bpf.h"
#include "compile.h"
#include "diag.h"
#include "edit.h"
#include "expand.h"
#include "groups.h"
#include "host.h"
#include "names.h"
#include "newsys.h"
#include "observe.h"
#include "profile.h"
#include "render.h"
#include "run.h"
#include "state.h"
#include "sys.h"
#include "util.h"
