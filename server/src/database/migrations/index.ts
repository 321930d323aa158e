import { CreateUsers1764100000000 } from './1764100000000-create-users';
import { CreateRooms1764100000001 } from './1764100000001-create-rooms';
import { CreateMessages1764100000002 } from './1764100000002-create-messages';
import { CreateSessions1764100000003 } from './1764100000003-create-sessions';
import { CreateAppState1764100000004 } from './1764100000004-create-app-state';
import { AddChangeStream1764100000005 } from './1764100000005-add-change-stream';

/** In order; listed as classes so the build needs no glob and no file-system scan. */
export const migrations = [
  CreateUsers1764100000000,
  CreateRooms1764100000001,
  CreateMessages1764100000002,
  CreateSessions1764100000003,
  CreateAppState1764100000004,
  AddChangeStream1764100000005,
];
